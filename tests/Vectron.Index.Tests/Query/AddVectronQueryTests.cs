using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vectron.Index.Collections;
using Vectron.Index.Query;
using Vectron.Testing;

namespace Vectron.Index.Tests.Query;

public sealed class AddVectronQueryTests
{
    [Fact]
    public async Task AddVectronQuery_WithStorage_ResolvesOneServiceThatAnswers()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddVectronStorage(o =>
            {
                o.ConnectionString = TestStorage.ConnectionString;
                o.ContainerName = TestStorage.UniqueContainerName("qdi");
            })
            .AddVectronQuery(o => o.CacheMegabytes = 64)
            .BuildServiceProvider();
        IVectronCollections collections = provider.GetRequiredService<IVectronCollections>();
        await collections.CreateAsync("wired", new CollectionSettings(3));
        await collections.UpsertAsync("wired", [new DocumentUpsert("a", new float[] { 1, 2, 3 })]);

        IVectronQueryService service = provider.GetRequiredService<IVectronQueryService>();
        QueryResult result = await service.QueryAsync("wired", new VectorQuery { Vector = new float[] { 1, 2, 3 }, TopK = 1 });

        Assert.Same(provider.GetRequiredService<VectronQueryService>(), service);
        Assert.Equal(64L * 1024 * 1024, provider.GetRequiredService<VectronQueryService>().Cache.BudgetBytes);
        Assert.Equal("a", Assert.Single(result.Hits).Id);
    }

    [Fact]
    public void AddVectronQuery_NegativeBudgetAndInterval_FailsValidationNamingBoth()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddVectronQuery(o =>
            {
                o.CacheMegabytes = -1;
                o.EventualInterval = TimeSpan.FromSeconds(-1);
            })
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<QueryOptions>>().Value);

        Assert.Contains("CacheMegabytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("EventualInterval", error.Message, StringComparison.Ordinal);
    }
}
