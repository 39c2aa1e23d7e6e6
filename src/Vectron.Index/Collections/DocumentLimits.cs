namespace Vectron.Index.Collections;

/// <summary>The one home of the size limits on collections and documents.</summary>
public static class DocumentLimits
{
    public const int MaxDimensions = 4096;
    public const int MaxIdBytes = 512;
    public const int MaxMetadataBytes = 64 * 1024;
    public const int MaxTextBytes = 64 * 1024;
    public const int MaxDocumentsPerBatch = 1000;
    public const int MaxModelIdLength = 256;
}
