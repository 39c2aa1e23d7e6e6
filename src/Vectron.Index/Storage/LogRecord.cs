namespace Vectron.Index.Storage;

/// <summary>
/// One write-ahead-log entry: an upsert (normalised vector, UTF-8 metadata JSON, UTF-8 text) or a delete tombstone.
/// </summary>
public sealed class LogRecord
{
    public LogRecord(RecordOperation operation, string id, RecordVersion version, float[] vector, byte[] metadata, byte[] text)
    {
        Operation = operation;
        Id = id;
        Version = version;
        Vector = vector;
        Metadata = metadata;
        Text = text;
    }

    public static LogRecord Upsert(string id, RecordVersion version, float[] vector, byte[] metadata, byte[] text) =>
        new(RecordOperation.Upsert, id, version, vector, metadata, text);

    public static LogRecord Delete(string id, RecordVersion version) =>
        new(RecordOperation.Delete, id, version, [], [], []);

    public RecordOperation Operation { get; }

    public string Id { get; }

    public RecordVersion Version { get; }

    public bool IsDelete => Operation == RecordOperation.Delete;

    /// <summary>L2-normalised vector; empty for a delete.</summary>
#pragma warning disable CA1819 // Records are hot-path data holders; arrays avoid a copy per record.
    public float[] Vector { get; }

    /// <summary>Metadata JSON object as UTF-8; empty when absent.</summary>
    public byte[] Metadata { get; }

    /// <summary>Text as UTF-8; empty when absent.</summary>
    public byte[] Text { get; }
#pragma warning restore CA1819
}
