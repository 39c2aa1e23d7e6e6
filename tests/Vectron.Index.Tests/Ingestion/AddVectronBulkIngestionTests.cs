using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;
using Vectron.Testing;

namespace Vectron.Index.Tests.Ingestion;

public sealed class AddVectronBulkIngestionTests
{
    [Fact]
    public async Task AddVectronBulkIngestion_WithStorage_ResolvesEngineAndQueueThatWorkTogether()
    {
        string container = TestStorage.UniqueContainerName("di");
        string queue = $"di-{Guid.NewGuid().ToString("N")[..12]}";
        using ServiceProvider provider = new ServiceCollection()
            .AddVectronStorage(o => (o.ConnectionString, o.ContainerName) = (TestStorage.ConnectionString, container))
            .AddVectronBulkIngestion(o => (o.QueueName, o.PoisonQueueName) = (queue, queue + "-poison"))
            .BuildServiceProvider();
        await provider.GetRequiredService<IVectronCollections>().CreateAsync("wired", new CollectionSettings(2));
        IBulkIngestion bulk = provider.GetRequiredService<IBulkIngestion>();

        using var body = new MemoryStream("{\"vector\":[1,2]}\n"u8.ToArray());
        BulkJobStarted started = await bulk.StartJobAsync("wired", body);
        await provider.GetRequiredService<IBulkQueue>().EnqueueAsync(started.Chunks);

        var received = (await provider.GetRequiredService<AzureBulkQueue>().Queue.ReceiveMessagesAsync()).Value;
        Assert.Equal(started.Chunks[0], BulkChunkMessage.FromJson(Assert.Single(received).Body.ToString()));
        Assert.Same(provider.GetRequiredService<BulkIngestion>(), bulk);
    }

    [Theory]
    [InlineData("ChunkTargetBytes")]
    [InlineData("EmbeddingBatchSize")]
    [InlineData("QueueName")]
    [InlineData("Retention")]
    public void AddVectronBulkIngestion_InvalidOption_FailsValidationNamingIt(string option)
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddVectronBulkIngestion(o =>
            {
                switch (option)
                {
                    case "ChunkTargetBytes": o.ChunkTargetBytes = 10; break;
                    case "EmbeddingBatchSize": o.EmbeddingBatchSize = 0; break;
                    case "QueueName": o.PoisonQueueName = o.QueueName; break;
                    default: o.Retention = TimeSpan.Zero; break;
                }
            })
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BulkIngestionOptions>>().Value);

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BulkChunkMessage_Json_RoundTripsFarBelowTheQueueLimit()
    {
        var message = new BulkChunkMessage(JobLayout.NewJobId(), new string('c', CollectionName.MaxLength), int.MaxValue, long.MaxValue, int.MaxValue, long.MaxValue, int.MaxValue);

        string json = message.ToJson();

        Assert.Equal(message, BulkChunkMessage.FromJson(json));
        Assert.True(json.Length < 1024, json);
    }
}
