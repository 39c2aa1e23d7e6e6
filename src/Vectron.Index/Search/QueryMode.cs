namespace Vectron.Index.Search;

/// <summary>How a search scores rows.</summary>
public enum QueryMode
{
    /// <summary>Every selected row is scored in float32.</summary>
    Exact,

    /// <summary>Binary codes (Hamming distance) pick candidates, int8 codes narrow them to
    /// <c>k × <see cref="SearchOptions.Oversample"/></c>, and only those are scored in float32. Returned scores are
    /// exact float32 scores; a true top-k row can be missed when its codes rank it too low.</summary>
    Fast,
}
