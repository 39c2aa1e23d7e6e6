using Vectron.Index.Search;

namespace Vectron.Benchmarks.Recall;

/// <summary>The one place the recall benchmark chooses the engine's quantized search, so a new query mode is
/// adopted by changing these lines only.</summary>
internal static class FastMode
{
    /// <summary>The engine's default oversampling for quantized search.</summary>
    public const int DefaultOversample = SearchOptions.DefaultOversample;

    /// <summary>Search options for exact (<paramref name="oversample"/> <c>null</c>) or quantized search.</summary>
    public static SearchOptions Options(int? oversample, int threads, int minRowsPerThread)
    {
        var options = new SearchOptions
        {
            MaxDegreeOfParallelism = threads,
            MinRowsPerThread = minRowsPerThread,
            Mode = oversample is null ? QueryMode.Exact : QueryMode.Fast,
            Oversample = oversample ?? DefaultOversample,
        };
        options.Validate();
        return options;
    }
}
