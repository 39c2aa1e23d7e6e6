using Vectron.Index.Collections;

namespace Vectron.Benchmarks.Storage;

/// <summary>The Azurite the storage benchmarks run against (see docs/benchmarks.md for the command).</summary>
internal static class BenchStorage
{
    public const string ConnectionStringVariable = "VECTRON_BENCH_STORAGE";

    public static VectronCollections Collections(string writerId) => new(new VectronStorageOptions
    {
        ConnectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable) ?? "UseDevelopmentStorage=true",
        ContainerName = $"bench-{Guid.NewGuid():N}",
        WriterId = writerId,
        GracePeriod = TimeSpan.Zero,
        CompactionThresholdBytes = long.MaxValue,
    });

    public static List<DocumentUpsert> Documents(Random random, int count, int dimensions, string prefix)
    {
        var documents = new List<DocumentUpsert>(count);
        for (int i = 0; i < count; i++)
        {
            var vector = new float[dimensions];
            for (int d = 0; d < dimensions; d++)
            {
                vector[d] = (float)(random.NextDouble() - 0.5);
            }

            documents.Add(new DocumentUpsert($"{prefix}-{i}", vector, $$"""{"i":{{i}},"source":"bench"}""", $"document number {i}"));
        }

        return documents;
    }
}
