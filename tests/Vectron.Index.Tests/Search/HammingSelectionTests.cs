using Vectron.Index.Search;

namespace Vectron.Index.Tests.Search;

public sealed class HammingSelectionTests
{
    [Fact]
    public void Select_RandomBlocksSelectionsAndShares_EqualsNaiveSortByDistanceThenPosition()
    {
        var random = new Random(6200);
        for (int testCase = 0; testCase < 300; testCase++)
        {
            int dimensions = random.Next(1, 600);
            var blocks = new List<ScanBlock>();
            for (int b = random.Next(1, 5); b > 0; b--)
            {
                var block = new VectorBlock(dimensions, random.Next(1, 400));
                int rows = random.Next(0, block.Capacity + 1);
                float[] vectors = RandomVectors.SmallIntegers(random, rows, dimensions);
                for (int row = 0; row < rows; row++)
                {
                    block.TryAppend($"r{row}", vectors.AsSpan(row * dimensions, dimensions));
                }

                RowBitmap? selected = null;
                if (random.Next(2) == 0)
                {
                    selected = new RowBitmap(rows);
                    for (int row = 0; row < rows; row++)
                    {
                        selected[row] = random.Next(3) != 0;
                    }
                }

                blocks.Add(new ScanBlock(block, blocks.Count, rows, selected));
            }

            float[] query = RandomVectors.SmallIntegers(random, 1, dimensions);
            var queryBits = new ulong[BinaryQuantizer.WordsPerRow(dimensions)];
            BinaryQuantizer.Encode(query, queryBits);
            long totalRows = blocks.Sum(b => (long)b.RowCount);
            int kept = random.Next(1, 200);
            var options = new SearchOptions { MaxDegreeOfParallelism = random.Next(1, 4), MinRowsPerThread = random.Next(1, 200) };

            List<(int Ordinal, int Row)> actual = HammingSelection.Select(queryBits, blocks, totalRows, kept, dimensions, options, CancellationToken.None);

            List<(int Ordinal, int Row)> expected = [.. blocks
                .SelectMany((block, ordinal) => Enumerable.Range(0, block.RowCount)
                    .Where(row => block.Selected?[row] ?? true)
                    .Select(row => (Ordinal: ordinal, Row: row, Distance: HammingDistance.Distance(queryBits, block.Block.GetBinaryCodes(block.RowCount).Slice(row * queryBits.Length, queryBits.Length)))))
                .OrderBy(r => r.Distance).ThenBy(r => r.Ordinal).ThenBy(r => r.Row)
                .Take(kept)
                .OrderBy(r => r.Ordinal).ThenBy(r => r.Row)
                .Select(r => (r.Ordinal, r.Row))];
            Assert.True(expected.SequenceEqual(actual), $"case {testCase}: {dimensions} dimensions, {totalRows} rows, kept {kept}");
        }
    }
}
