using System.Net;
using System.Net.Http.Json;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>
/// Regression for a 500 the fuzzer found: deleting a collection (or a request finding it gone) disposed the cached
/// reader while a concurrent read of a document was still inside it.
/// </summary>
[Collection(HostileHostGroup.Name)]
public sealed class CollectionRaceTests(HostileHostFixture host)
{
    [Fact]
    public async Task ReadsDuringDeleteAndRecreate_NeverAnswer5xx()
    {
        const string name = "race-reads";
        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < 12; round++)
        {
            (await host.Client.PutAsJsonAsync(Uri(name), new { dimensions = HostileHostFixture.Dimensions })).EnsureSuccessStatusCode();
            (await host.Client.PostAsJsonAsync(Uri(name + "/documents"), new { documents = new[] { new { id = "r", vector = new[] { 1f, 0, 0 } } } })).EnsureSuccessStatusCode();

            var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                var seen = new List<HttpStatusCode>();
                for (var i = 0; i < 8; i++)
                {
                    using var document = await host.Client.GetAsync(Uri(name + "/documents/r"));
                    reading.TrySetResult();
                    using var stats = await host.Client.GetAsync(Uri(name));
                    seen.Add(document.StatusCode);
                    seen.Add(stats.StatusCode);
                }

                return seen;
            })).ToArray();

            // Delete while the readers are under way, so some reads see the collection and some do not.
            await reading.Task;
            using var deleted = await host.Client.DeleteAsync(Uri(name));
            statuses.Add(deleted.StatusCode);
            foreach (var reader in readers)
            {
                statuses.AddRange(await reader);
            }
        }

        Assert.All(statuses, status => Assert.True((int)status < 500, $"answered {(int)status}"));
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.NotFound, statuses);
    }

    private static Uri Uri(string path) => new("/api/collections/" + path, UriKind.Relative);
}
