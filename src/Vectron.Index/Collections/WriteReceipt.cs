namespace Vectron.Index.Collections;

/// <summary>An acknowledged, durable write: how many records it held and the hybrid-logical-clock timestamp of the last.</summary>
public sealed record WriteReceipt(int Count, long Timestamp);
