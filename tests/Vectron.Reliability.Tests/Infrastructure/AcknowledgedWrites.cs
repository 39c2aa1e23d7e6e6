using System.Collections.Concurrent;

namespace Vectron.Reliability.Tests.Infrastructure;

/// <summary>
/// Every document whose upsert the service acknowledged (2xx), by id with the seed of its vector; read back after
/// a fault to prove none was lost.
/// </summary>
internal sealed class AcknowledgedWrites(int dimensions, string prefix = "d")
{
    private readonly ConcurrentDictionary<string, int> _seeds = new();

    public int Count => _seeds.Count;

    public bool IsAcknowledged(int seed) => _seeds.ContainsKey(Id(seed));

    public void Acknowledged(IEnumerable<int> seeds)
    {
        foreach (int seed in seeds)
        {
            _seeds[Id(seed)] = seed;
        }
    }

    private string Id(int seed) => prefix + seed.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads every acknowledged document back; returns the ids missing or holding another vector.</summary>
    public async Task<IReadOnlyList<string>> FindLostAsync(VectronApi api, string collection)
    {
        var lost = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(_seeds, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (entry, cancellationToken) =>
        {
            float[]? stored = await api.GetVectorAsync(collection, entry.Key, cancellationToken);
            if (stored is null || SeededVectors.Cosine(stored, SeededVectors.Create(entry.Value, dimensions)) < 0.9999)
            {
                lost.Add(entry.Key);
            }
        });
        return [.. lost];
    }
}
