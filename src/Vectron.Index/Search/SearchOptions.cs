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

        if (!Enum.IsDefined(KernelPath))
        {
            throw new ArgumentOutOfRangeException(nameof(KernelPath), KernelPath, "Unknown kernel path.");
        }
    }
}
