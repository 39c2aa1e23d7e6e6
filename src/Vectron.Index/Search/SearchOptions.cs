namespace Vectron.Index.Search;

/// <summary>How a search runs. Validate once at start-up with <see cref="Validate"/>.</summary>
public sealed class SearchOptions
{
    /// <summary>The options used when a search is given none.</summary>
    internal static SearchOptions Default { get; } = new();

    /// <summary>Threads one search may use at most. Default: the processor count.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Rows each thread must have before another thread is used, so a small collection is scanned on the
    /// calling thread without the cost of handing work to the thread pool.</summary>
    public int MinRowsPerThread { get; set; } = 32_768;

    /// <summary>The largest <see cref="Oversample"/> accepted.</summary>
    public const int MaxOversample = 100;

    /// <summary><c>true</c> (default): every row is scored in float32. <c>false</c>: rows are scored on their int8
    /// codes first and only the best <c>k × <see cref="Oversample"/></c> are rescored in float32; returned scores are
    /// still exact, but a true top-k row can be missed when its approximate score ranks too low.</summary>
    public bool Exact { get; set; } = true;

    /// <summary>Candidates rescored per requested hit when <see cref="Exact"/> is <c>false</c>: 1 to
    /// <see cref="MaxOversample"/>. Default 4.</summary>
    public int Oversample { get; set; } = 4;

    /// <summary>Forces a kernel path; tests use it to compare every path with the scalar one.</summary>
    internal KernelPath KernelPath { get; set; } = KernelPath.Auto;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "SearchOptions.MaxDegreeOfParallelism must be at least 1.");
        }

        if (MinRowsPerThread < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MinRowsPerThread), MinRowsPerThread, "SearchOptions.MinRowsPerThread must be at least 1.");
        }

        if (Oversample is < 1 or > MaxOversample)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Oversample), Oversample, $"SearchOptions.Oversample must be between 1 and {MaxOversample}.");
        }

        if (!Enum.IsDefined(KernelPath))
        {
            throw new ArgumentOutOfRangeException(nameof(KernelPath), KernelPath, "Unknown kernel path.");
        }
    }

    /// <summary>A copy of these options with the per-request precision settings.</summary>
    internal SearchOptions WithPrecision(bool exact, int oversample) => new()
    {
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
        MinRowsPerThread = MinRowsPerThread,
        KernelPath = KernelPath,
        Exact = exact,
        Oversample = oversample,
    };
}
