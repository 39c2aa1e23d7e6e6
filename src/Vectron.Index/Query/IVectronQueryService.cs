using Vectron.Index.Collections;

namespace Vectron.Index.Query;

/// <summary>Queries collections from this instance's segment cache, catching up with blob storage as the query's
/// consistency asks.</summary>
public interface IVectronQueryService
{
    /// <summary>The query's top-k, best first (score descending, then id).</summary>
    /// <exception cref="CollectionNotFoundException">The collection does not exist.</exception>
    /// <exception cref="VectronValidationException">The vector (<c>vector</c>) or k (<c>topK</c>) is invalid.</exception>
    /// <exception cref="StorageUnavailableException">Storage stayed unreachable.</exception>
    Task<QueryResult> QueryAsync(string collection, VectorQuery query, CancellationToken cancellationToken = default);

    /// <summary>Catches up and loads every segment's vector block, so the first query pays no load.</summary>
    /// <exception cref="CollectionNotFoundException">The collection does not exist.</exception>
    Task<WarmUpResult> WarmUpAsync(string collection, CancellationToken cancellationToken = default);
}

/// <summary>What a warm-up loaded.</summary>
public readonly record struct WarmUpResult(int Segments, int Rows, TimeSpan Elapsed);
