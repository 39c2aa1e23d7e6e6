using System.Numerics.Tensors;

namespace Vectron.Benchmarks.Recall;

/// <summary>Exact top-k by brute force with <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>,
/// independent of the engine's own kernels, so recall is measured against something the engine did not compute.</summary>
internal static class GroundTruth
{
    /// <summary>Row indices of the <paramref name="k"/> best base rows per query, best first; equal scores rank the
    /// lower row first. Returned row-major, <paramref name="k"/> per query.</summary>
    public static int[] TopK(float[] baseRows, float[] queries, int dimensions, int k)
    {
        int rows = baseRows.Length / dimensions;
        int queryCount = queries.Length / dimensions;
        k = Math.Min(k, rows);
        var result = new int[queryCount * k];
        Parallel.For(0, queryCount, query =>
        {
            ReadOnlySpan<float> q = queries.AsSpan(query * dimensions, dimensions);

            // A min-heap of the best k so far: its root is the worst kept row, the one a better row replaces.
            var heap = new PriorityQueue<int, (float Score, int Row)>(k + 1, WorstFirst.Instance);
            for (int row = 0; row < rows; row++)
            {
                float score = TensorPrimitives.Dot(q, baseRows.AsSpan(row * dimensions, dimensions));
                if (heap.Count < k)
                {
                    heap.Enqueue(row, (score, row));
                }
                else if (heap.TryPeek(out _, out (float Score, int Row) worst) && WorstFirst.Instance.Compare((score, row), worst) > 0)
                {
                    heap.EnqueueDequeue(row, (score, row));
                }
            }

            Span<int> best = result.AsSpan(query * k, k);
            for (int i = k - 1; i >= 0; i--)
            {
                best[i] = heap.Dequeue();
            }
        });
        return result;
    }

    /// <summary>Orders worse before better: lower score, then (on equal score) higher row.</summary>
    private sealed class WorstFirst : IComparer<(float Score, int Row)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((float Score, int Row) x, (float Score, int Row) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Row.CompareTo(x.Row);
    }
}
