namespace Vectron.Index.Query;

/// <summary>Whether the segment cache holds float32 vectors or only codes (<see cref="QueryOptions.CacheVectors"/>).</summary>
public enum CacheVectors
{
    /// <summary>Every segment's codes, and the float32 vectors of as many segments as fit the cache budget beside
    /// them: a collection larger than the cache still answers from memory, and only candidates in the segments held
    /// as codes are read back for rescoring.</summary>
    Auto,

    /// <summary>Always vectors (and codes): every mode scans memory, a collection larger than the cache reloads.</summary>
    Always,

    /// <summary>Always codes only: fast queries read the float32 rows they rescore by range reads; exact queries
    /// stream each segment's vector block through memory, one segment at a time, without caching it.</summary>
    Never,
}
