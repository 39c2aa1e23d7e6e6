namespace Vectron.Index.Storage;

/// <summary>Constants of the write-ahead-log format and of the Azure append-blob limits it lives within.</summary>
public static class LogFormat
{
    /// <summary>Frame header: payload length (u32 LE) then CRC-32C of the payload (u32 LE).</summary>
    public const int FrameHeaderBytes = 8;

    /// <summary>Azure rejects an append block above 4 MiB (Azurite does not, so Vectron enforces it itself).</summary>
    public const int MaxAppendBytes = 4 * 1024 * 1024;

    /// <summary>Azure allows 50,000 blocks per append blob; a log rolls a little before that.</summary>
    public const int MaxBlocksPerLog = 49_000;

    /// <summary>Payload: op (1) + timestamp (8) + writer tag (8) + id length (2).</summary>
    internal const int FixedPayloadBytes = 1 + 8 + 8 + 2;

    /// <summary>Upsert extra: dimensions (2) + metadata length (4) + text length (4).</summary>
    internal const int UpsertExtraBytes = 2 + 4 + 4;
}
