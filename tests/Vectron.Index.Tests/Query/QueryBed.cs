using Vectron.Index.Collections;
using Vectron.Index.Query;
using Vectron.Index.Search;
using Vectron.Index.Search.Filters;
using Vectron.Index.Storage;
using Vectron.Index.Tests.Storage;

namespace Vectron.Index.Tests.Query;

/// <summary>
/// One container on Azurite with a writer instance and a separate query instance (its own storage client, clock and
/// cache), plus the expected live documents, so results can be checked against a brute-force evaluation.
/// </summary>
internal sealed class QueryBed : IDisposable
{
    private QueryBed(VectronCollections writer, VectronStorage queryStorage, VectronQueryService service, string collection, int dimensions)
    {
        Writer = writer;
        QueryStorage = queryStorage;
        Service = service;
        Collection = collection;
        Dimensions = dimensions;
    }

    public VectronCollections Writer { get; }

    public VectronStorage QueryStorage { get; }

    public VectronQueryService Service { get; }

    public string Collection { get; }

    public int Dimensions { get; }

    /// <summary>The documents that should be live, by id.</summary>
    public Dictionary<string, DocumentUpsert> Expected { get; } = new(StringComparer.Ordinal);

    public static async Task<QueryBed> CreateAsync(
        int dimensions,
        int maxSegmentRows = 100_000,
        Action<QueryOptions>? query = null,
        TimeProvider? queryTime = null)
    {
        VectronStorageOptions writerOptions = TestData.Options();
        writerOptions.MaxSegmentRows = maxSegmentRows;
        var writer = new VectronCollections(writerOptions);
        VectronStorageOptions readerOptions = TestData.Options(writerOptions.ContainerName);
        var storage = new VectronStorage(readerOptions, queryTime);
        var options = new QueryOptions();
        query?.Invoke(options);
        var service = new VectronQueryService(storage, options);
        string collection = $"q{Guid.NewGuid():N}"[..12];
        await writer.CreateAsync(collection, new CollectionSettings(dimensions));
        return new QueryBed(writer, storage, service, collection, dimensions);
    }

    public async Task UpsertAsync(IReadOnlyList<DocumentUpsert> documents)
    {
        await Writer.UpsertAsync(Collection, documents);
        foreach (DocumentUpsert document in documents)
        {
            Expected[document.Id] = document;
        }
    }

    public async Task DeleteAsync(IReadOnlyList<string> ids)
    {
        await Writer.DeleteDocumentsAsync(Collection, ids);
        foreach (string id in ids)
        {
            Expected.Remove(id);
        }
    }

    public Task CompactAsync() => Writer.CompactAsync(Collection);

    /// <summary>
    /// Writes <c>d0</c>..<c>d{compacted - 1}</c> and compacts them into segments, then writes <paramref name="logged"/>
    /// documents from <c>d{loggedFrom}</c> that stay in the logs (ids already in segments are updates).
    /// </summary>
    public async Task SeedAsync(Random random, int compacted, int loggedFrom = 0, int logged = 0, Func<int, string>? metadata = null)
    {
        await UpsertAsync(Documents(random, 0, compacted, metadata));
        await CompactAsync();
        if (logged > 0)
        {
            await UpsertAsync(Documents(random, loggedFrom, logged, metadata));
        }
    }

    /// <summary>Documents <c>d{first}</c>.. with random vectors; unicode metadata and text unless
    /// <paramref name="metadata"/> gives each one's metadata JSON.</summary>
    public List<DocumentUpsert> Documents(Random random, int first, int count, Func<int, string>? metadata = null) =>
        Enumerable.Range(first, count)
            .Select(i => metadata is null
                ? TestData.Document(random, $"d{i}", Dimensions, metadataBytes: 30)
                : new DocumentUpsert($"d{i}", TestData.Vector(random, Dimensions), metadata(i), $"text {i}"))
            .ToList();

    /// <summary>An exact query (the results are compared with <see cref="BruteForce"/>).</summary>
    public Task<QueryResult> QueryAsync(float[] vector, int k, QueryInclude include = QueryInclude.None, MetadataFilter? filter = null, ConsistencyMode consistency = ConsistencyMode.Strong) =>
        Service.QueryAsync(Collection, new VectorQuery { Vector = vector, TopK = k, Include = include, Filter = filter, Consistency = consistency, Mode = QueryMode.Exact });

    /// <summary>Ids and cosine scores of the best k expected documents (score descending, then id ordinal).</summary>
    public List<(string Id, float Score)> BruteForce(float[] query, int k, Func<DocumentUpsert, bool>? where = null)
    {
        float[] q = VectorRules.Normalize(query, Dimensions);
        return Expected.Values
            .Where(d => where?.Invoke(d) ?? true)
            .Select(d => (d.Id, Score: Dot(q, VectorRules.Normalize(d.Vector.Span, Dimensions))))
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Id, StringComparer.Ordinal)
            .Take(k)
            .ToList();
    }

    /// <summary>Asserts the hits are the brute-force top-k (ids in order, scores within float rounding).</summary>
    public void AssertMatchesBruteForce(float[] query, QueryResult result, int k, Func<DocumentUpsert, bool>? where = null)
    {
        List<(string Id, float Score)> expected = BruteForce(query, k, where);
        Assert.Equal(expected.Count, result.Hits.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i].Score - result.Hits[i].Score) < 1e-5f, $"Hit {i}: expected score {expected[i].Score}, got {result.Hits[i].Score}.");
        }

        // Near-equal scores may swap under a different summation order; compare the sets, and the order where the
        // scores are clearly apart.
        Assert.Equal(expected.Select(e => e.Id).Order(StringComparer.Ordinal), result.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        Service.Dispose();
        Writer.Dispose();
    }

    private static float Dot(float[] left, float[] right)
    {
        double sum = 0;
        for (int i = 0; i < left.Length; i++)
        {
            sum += (double)left[i] * right[i];
        }

        return (float)sum;
    }
}
