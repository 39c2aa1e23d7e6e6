using BenchmarkDotNet.Attributes;
using Vectron.Index.Collections;

namespace Vectron.Benchmarks.Storage;

/// <summary>A collection of 384-dimension documents in its own container of the benchmark Azurite, removed afterwards.</summary>
public abstract class StorageBenchmark
{
    protected const int Dimensions = 384;

    protected VectronCollections Collections { get; private set; } = null!;

    protected abstract string CollectionName { get; }

    protected void CreateCollection(string writerId)
    {
        Collections = BenchStorage.Collections(writerId);
        Collections.CreateAsync(CollectionName, new CollectionSettings(Dimensions)).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Collections.Storage.Container.DeleteIfExists();
        Collections.Dispose();
    }
}
