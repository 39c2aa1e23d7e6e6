using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vectron.Cli;
using Vectron.Functions.Tests.LocalHost;

namespace Vectron.Functions.Tests.Bulk;

/// <summary>The command-line tool's own entry point against the real local host (not the fake server of its unit tests).</summary>
[Collection(LocalHostTestGroup.Name)]
public sealed class CliEndToEndTests(LocalHostFixture host)
{
    [Theory]
    [InlineData("cli-plain", false)]
    [InlineData("cli-gzip", true)]
    public async Task Bulk_SmallFile_UploadsWatchesAndExitsZeroWhenCompleted(string collection, bool gzip)
    {
        const int count = 300;
        using (var created = await host.Client.PutAsJsonAsync(new Uri($"/api/collections/{collection}", UriKind.Relative), new { dimensions = 8 }))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var vectors = BulkOverHttpTests.Vectors(count, seed: gzip ? 60 : 61);
        var file = Path.Combine(Directory.CreateTempSubdirectory("vectron-cli").FullName, "docs.ndjson");
        await File.WriteAllBytesAsync(file, BulkOverHttpTests.Ndjson(vectors.Select((v, i) => BulkOverHttpTests.Line($"c-{i}", v))));
        string[] args = ["bulk", collection, file, "--url", host.Client.BaseAddress!.ToString().TrimEnd('/'), "--poll-ms", "50", .. gzip ? new[] { "--gzip" } : []];

        var entryPoint = typeof(BulkCommand).Assembly.EntryPoint!;
        var exitCode = await Task.Run(() => entryPoint.Invoke(null, [args]));

        Assert.Equal(0, exitCode);
        var stats = await host.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/collections/{collection}", UriKind.Relative));
        Assert.Equal(count, stats.GetProperty("count").GetInt32());
        File.Delete(file);
    }
}
