using Vectron.Index.Collections;
using Vectron.Index.Tests.Search;

namespace Vectron.Benchmarks.Query;

/// <summary>Seeds (once) a collection of random normalised vectors in Azurite, compacted into segments.</summary>
internal static class QuerySeed
{
    public const int Dimensions = 384;

    // One append stays under the 4 MiB batch limit: 1,000 × 384 floats is about 1.6 MB.
    private const int BatchRows = 1_000;

    public static VectronStorageOptions Options(string connectionString, string container, string writerId = "bench-query") => new()
    {
        ConnectionString = connectionString,
        ContainerName = container,
        WriterId = writerId,
        GracePeriod = TimeSpan.Zero,
        CompactionThresholdBytes = long.MaxValue,
        MaxSegmentRows = 25_000,
    };

    /// <summary>
    /// Creates and fills the collection unless it already holds <paramref name="rows"/> documents; with
    /// <paramref name="modelId"/> (the server's model) it also answers text queries.
    /// </summary>
    public static async Task EnsureAsync(VectronCollections collections, string collection, int rows, TextWriter? progress = null, string? modelId = null)
    {
        await collections.CreateAsync(collection, new CollectionSettings(Dimensions, ModelId: modelId));
        CollectionStats stats = await collections.GetStatsAsync(collection);
        if (stats.Count == rows && stats.Segments > 0)
        {
            return;
        }

        var random = new Random(42);
        for (int first = 0; first < rows; first += BatchRows)
        {
            int count = Math.Min(BatchRows, rows - first);
            float[] vectors = RandomVectors.Normalised(random, count, Dimensions);
            var batch = new DocumentUpsert[count];
            for (int i = 0; i < count; i++)
            {
                int id = first + i;
                batch[i] = new DocumentUpsert($"doc-{id:D6}", vectors.AsMemory(i * Dimensions, Dimensions), $$"""{"i":{{id}},"group":{{id % 10}}}""", $"document number {id}");
            }

            await collections.UpsertAsync(collection, batch);
            if (progress is not null && (first / BatchRows) % 20 == 0)
            {
                await progress.WriteLineAsync($"seeded {first + count:N0} / {rows:N0}");
            }
        }

        await collections.CompactAsync(collection);
    }

    public static float[] Query(int seed) => RandomVectors.Normalised(new Random(seed), 1, Dimensions);
}
