namespace Vectron.Index.Ingestion;

/// <summary>A planned chunk: a line-aligned byte range of the staged NDJSON.</summary>
internal readonly record struct ChunkPlan(long Offset, int Length, long FirstLine, int Documents);

/// <summary>
/// Cuts a byte stream, fed block by block, into line-aligned chunks of about a target size and counts documents
/// (non-blank lines) on the way, so the upload is read once. Ranges holding only blank lines produce no chunk.
/// </summary>
internal sealed class ChunkPlanner(int targetBytes, int maxDocuments, int maxLineBytes)
{
    private static readonly byte[] Blank = " \t\r"u8.ToArray();

    private readonly List<ChunkPlan> _chunks = [];
    private long _offset;
    private long _lineStart;
    private long _line = 1;
    private long _chunkStart;
    private long _chunkFirstLine = 1;
    private int _chunkDocuments;
    private bool _lineHasContent;

    public IReadOnlyList<ChunkPlan> Chunks => _chunks;

    public long Documents { get; private set; }

    public long Bytes => _offset;

    /// <summary>Feeds the next bytes. Throws <see cref="Collections.VectronValidationException"/> for an over-long line.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int newline = bytes.IndexOf((byte)'\n');
            ReadOnlySpan<byte> part = newline < 0 ? bytes : bytes[..newline];
            _lineHasContent |= part.IndexOfAnyExcept(Blank) >= 0;
            _offset += part.Length;
            CheckLineLength();
            if (newline < 0)
            {
                return;
            }

            _offset++;
            EndLine();
            bytes = bytes[(newline + 1)..];
        }
    }

    /// <summary>Ends the input (a last line without a newline counts) and returns the plan.</summary>
    public IReadOnlyList<ChunkPlan> Complete()
    {
        if (_offset > _lineStart)
        {
            EndLine();
        }

        Cut();
        return _chunks;
    }

    private void CheckLineLength()
    {
        if (_offset - _lineStart > maxLineBytes)
        {
            throw new Collections.VectronValidationException("body", $"Line {_line} is longer than {maxLineBytes} bytes.");
        }
    }

    private void EndLine()
    {
        if (_lineHasContent)
        {
            _chunkDocuments++;
            Documents++;
        }

        _line++;
        _lineStart = _offset;
        _lineHasContent = false;
        if (_offset - _chunkStart >= targetBytes || _chunkDocuments >= maxDocuments)
        {
            Cut();
        }
    }

    private void Cut()
    {
        if (_chunkDocuments > 0)
        {
            _chunks.Add(new ChunkPlan(_chunkStart, checked((int)(_lineStart - _chunkStart)), _chunkFirstLine, _chunkDocuments));
        }

        _chunkStart = _lineStart;
        _chunkFirstLine = _line;
        _chunkDocuments = 0;
    }
}
