using Vectron.Index.Collections;

namespace Vectron.Index.Ingestion;

/// <summary>Bad lines of one chunk: the exact count and the first <c>cap</c> of them by line number.</summary>
internal sealed class LineErrors(int cap)
{
    // Parse errors and vector errors are found in two passes, so all are held (at most a chunk's lines) and sorted.
    private readonly List<BulkLineError> _all = [];

    public int Count => _all.Count;

    public IReadOnlyList<BulkLineError> Kept => [.. _all.OrderBy(e => e.Line).Take(cap)];

    public void Add(long line, VectronValidationException error) => _all.Add(new BulkLineError(line, error.Field, error.Message));
}
