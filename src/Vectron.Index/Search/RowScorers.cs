using System.Runtime.CompilerServices;

namespace Vectron.Index.Search;

/// <summary>Scores the rows of one block for the scan, so the scan loop (bitmaps, chunks, heap) is written once
/// for float32 and binary scoring.</summary>
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

/// <summary>Approximate dot products from int8 codes: <c>queryScale × rowScale × dot(codes)</c>.</summary>
[SkipLocalsInit]
internal readonly ref struct Int8RowScorer : IRowScorer
{
    // At most one scan chunk of rows per call.
    private const int MaxRowsPerCall = 64;

    private readonly ReadOnlySpan<sbyte> query;
    private readonly float queryScale;
    private readonly ReadOnlySpan<sbyte> codes;
    private readonly ReadOnlySpan<float> scales;
    private readonly KernelPath path;

    public Int8RowScorer(ReadOnlySpan<sbyte> query, float queryScale, VectorBlock block, int rowCount, KernelPath path)
    {
        this.query = query;
        this.queryScale = queryScale;
        codes = block.GetCodes(rowCount);
        scales = block.GetScales(rowCount);
        this.path = path;
    }

    public void ScoreRows(int firstRow, scoped Span<float> scores)
    {
        Span<int> dots = stackalloc int[MaxRowsPerCall];
        dots = dots[..scores.Length];
        Int8DotProduct.ScoreRows(path, query, codes.Slice(firstRow * query.Length, scores.Length * query.Length), dots);
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = dots[i] * scales[firstRow + i] * queryScale;
        }
    }

    public float Score(int row) => Int8DotProduct.Score(path, query, codes.Slice(row * query.Length, query.Length)) * scales[row] * queryScale;
}

/// <summary>Negated Hamming distances of binary codes, so that a higher score is better as in every scan.</summary>
[SkipLocalsInit]
internal readonly ref struct BinaryRowScorer : IRowScorer
{
    // At most one scan chunk of rows per call.
    private const int MaxRowsPerCall = 64;

    private readonly ReadOnlySpan<ulong> query;
    private readonly ReadOnlySpan<ulong> rows;

    public BinaryRowScorer(ReadOnlySpan<ulong> query, VectorBlock block, int rowCount)
    {
        this.query = query;
        rows = block.GetBinaryCodes(rowCount);
    }

    public void ScoreRows(int firstRow, scoped Span<float> scores)
    {
        Span<int> distances = stackalloc int[MaxRowsPerCall];
        distances = distances[..scores.Length];
        HammingDistance.DistanceRows(query, rows.Slice(firstRow * query.Length, scores.Length * query.Length), distances);
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = -distances[i];
        }
    }

    public float Score(int row) => -HammingDistance.Distance(query, rows.Slice(row * query.Length, query.Length));
}
