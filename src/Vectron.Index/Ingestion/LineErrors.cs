using Vectron.Index.Collections;

namespace Vectron.Index.Ingestion;

/// <summary>Bad lines of one chunk: the exact count and the first <c>cap</c> of them.</summary>
internal sealed class LineErrors(int cap)
{
    private readonly List<BulkLineError> _kept = [];

    public int Count { get; private set; }

    public IReadOnlyList<BulkLineError> Kept => _kept;

    public void Add(long line, VectronValidationException error)
    {
        Count++;
        if (_kept.Count < cap)
        {
            _kept.Add(new BulkLineError(line, error.Field, error.Message));
        }
    }
}
