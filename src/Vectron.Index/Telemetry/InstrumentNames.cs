namespace Vectron.Index.Telemetry;

/// <summary>Names of Vectron's instruments (meter <see cref="VectronTelemetry.Name"/>), for dashboards and tests.</summary>
public static class InstrumentNames
{
    public const string QueryDuration = "vectron.query.duration";
    public const string CacheHits = "vectron.cache.hits";
    public const string CacheMisses = "vectron.cache.misses";
    public const string CacheLoads = "vectron.cache.loads";
    public const string CacheEvictions = "vectron.cache.evictions";
    public const string CacheBytesHeld = "vectron.cache.bytes_held";
    public const string CacheBudget = "vectron.cache.budget";
    public const string BytesDownloaded = "vectron.storage.bytes_downloaded";
    public const string DocumentsWritten = "vectron.documents.written";
    public const string AppendDuration = "vectron.log.append.duration";
    public const string AppendBytes = "vectron.log.append.bytes";
    public const string EmbeddingTexts = "vectron.embedding.texts";
    public const string EmbeddingDuration = "vectron.embedding.duration";
    public const string EmbeddingTokens = "vectron.embedding.tokens";
    public const string DocumentsIngested = "vectron.ingestion.documents";
    public const string QueueLag = "vectron.queue.lag";
}
