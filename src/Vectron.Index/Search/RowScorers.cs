namespace Vectron.Index.Search;

/// <summary>Scores the rows of one block for the scan loop (bitmaps, chunks, heap).</summary>
internal interface IRowScorer
{
    /// <summary>Scores the <c>scores.Length</c> rows starting at <paramref name="firstRow"/>.</summary>
    void ScoreRows(int firstRow, scoped Span<float> scores);

    float Score(int row);
}

/// <summary>Exact float32 dot products.</summary>
internal readonly ref struct Float32RowScorer : IRowScorer
{
    private readonly ReadOnlySpan<float> query;
    private readonly ReadOnlySpan<float> rows;
    private readonly KernelPath path;

    public Float32RowScorer(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, KernelPath path)
    {
        this.query = query;
        this.rows = rows;
        this.path = path;
    }

    public void ScoreRows(int firstRow, scoped Span<float> scores) =>
        DotProduct.ScoreRows(path, query, rows.Slice(firstRow * query.Length, scores.Length * query.Length), scores);

    public float Score(int row) => DotProduct.Score(path, query, rows.Slice(row * query.Length, query.Length));
}
