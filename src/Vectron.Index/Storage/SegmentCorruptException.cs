namespace Vectron.Index.Storage;

/// <summary>A sealed segment failed a format or checksum check.</summary>
public sealed class SegmentCorruptException : IOException
{
    public SegmentCorruptException(string blobName, string message)
        : base($"Segment '{blobName}' is corrupt: {message}")
    {
        BlobName = blobName;
    }

    public SegmentCorruptException()
    {
        BlobName = string.Empty;
    }

    public SegmentCorruptException(string message)
        : base(message)
    {
        BlobName = string.Empty;
    }

    public SegmentCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
        BlobName = string.Empty;
    }

    public string BlobName { get; }
}
