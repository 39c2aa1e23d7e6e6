namespace Vectron.Index.Storage;

/// <summary>Why a scan of log bytes stopped.</summary>
public enum FrameStop
{
    /// <summary>Every byte formed complete, valid frames.</summary>
    End,

    /// <summary>The last frame is cut short: an append still in flight or a torn tail. Retry later.</summary>
    Incomplete,

    /// <summary>A frame failed its length or CRC check. Bytes from there on are not applied; retried later.</summary>
    Corrupt,
}
