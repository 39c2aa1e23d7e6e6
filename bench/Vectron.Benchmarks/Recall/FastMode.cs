using Vectron.Index.Search;

namespace Vectron.Benchmarks.Recall;

/// <summary>The one place the recall benchmark chooses the engine's quantized search, so a new query mode is
/// adopted by changing these lines only.</summary>
internal static class FastMode
{
    /// <summary>The engine's default oversampling for quantized search.</summary>
    public static int DefaultOversample { get; } = new SearchOptions().Oversample;

    /// <summary>Search options for exact (<paramref name="oversample"/> <c>null</c>) or quantized search.</summary>
    public static SearchOptions Options(int? oversample, int threads, int minRowsPerThread)
    {
        var options = new SearchOptions
        {
            MaxDegreeOfParallelism = threads,
            MinRowsPerThread = minRowsPerThread,
            Exact = oversample is null,
            Oversample = oversample ?? DefaultOversample,
        };
        options.Validate();
        return options;
    }
}
