namespace Vectron.Index.Storage;

/// <summary>What a log record does. Values are part of the on-blob format.</summary>
public enum RecordOperation : byte
{
    Upsert = 1,
    Delete = 2,
}
