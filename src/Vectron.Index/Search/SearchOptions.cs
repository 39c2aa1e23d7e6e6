namespace Vectron.Index.Search;

/// <summary>How a search runs. Validate once at start-up with <see cref="Validate"/>.</summary>
public sealed class SearchOptions
{
    /// <summary>The options used when a search is given none.</summary>
    internal static SearchOptions Default { get; } = new();

    /// <summary>Threads one search may use at most. Default: the processor count.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Rows each thread must have before another thread is used, so a tiny collection is scanned on the
    /// calling thread without the cost of handing work to the thread pool. Default 4,096: at 384 dimensions that is
    /// 6 MB of float32 per thread, far more than a hand-off costs; 10k rows then scan on two threads in about half
    /// the time (docs/benchmarks.md, "Search").</summary>
    public int MinRowsPerThread { get; set; } = 4_096;

    /// <summary>The largest <see cref="Oversample"/> accepted.</summary>
    public const int MaxOversample = 100;

    /// <summary>Binary candidates kept per float32 candidate in <see cref="QueryMode.Fast"/>: the Hamming scan keeps
    /// <c>k × Oversample × BinaryCandidatesPerCandidate</c> rows, which the int8 codes narrow to <c>k × Oversample</c>.
    /// Measured on MiniLM sentence embeddings (docs/architecture.md, "Search").</summary>
    public const int BinaryCandidatesPerCandidate = 25;

    /// <summary>The mode used when a query names none. Default <see cref="QueryMode.Fast"/>.</summary>
    public QueryMode Mode { get; set; } = QueryMode.Fast;

    /// <summary>Candidates rescored in float32 per requested hit in <see cref="QueryMode.Fast"/>: 1 to
    /// <see cref="MaxOversample"/>. Default 4.</summary>
    public int Oversample { get; set; } = DefaultOversample;

    /// <summary>The default of <see cref="Oversample"/>.</summary>
    public const int DefaultOversample = 4;

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

        if (!IsValidOversample(Oversample))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Oversample), Oversample, $"SearchOptions.Oversample must be between 1 and {MaxOversample}.");
        }

        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "SearchOptions.Mode must be Exact or Fast.");
        }

        if (!Enum.IsDefined(KernelPath))
        {
            throw new ArgumentOutOfRangeException(nameof(KernelPath), KernelPath, "Unknown kernel path.");
        }
    }

    /// <summary>The one range rule of an oversampling factor (options and per-query values).</summary>
    public static bool IsValidOversample(int oversample) => oversample is >= 1 and <= MaxOversample;

    /// <summary>A copy of these options with the per-request precision settings.</summary>
    internal SearchOptions WithPrecision(QueryMode mode, int oversample) => new()
    {
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
        MinRowsPerThread = MinRowsPerThread,
        KernelPath = KernelPath,
        Mode = mode,
        Oversample = oversample,
    };
}
