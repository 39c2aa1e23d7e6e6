namespace Vectron.Index.Ingestion;

/// <summary>A line that was not written: its 1-based line number in the uploaded file, the field at fault, why.</summary>
public sealed record BulkLineError(long Line, string Field, string Message);

/// <summary>A chunk that failed as a whole (for example it landed in the poison queue), with its line range.</summary>
public sealed record BulkChunkFailure(int Chunk, long FirstLine, int Documents, string Error);
