using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Vectron.Index.Collections;
using Vectron.Index.Storage;
using Vectron.Testing;

namespace Vectron.Index.Tests.Storage;

public sealed class ConcurrentWritersTests
{
    private const int Writers = 8;
    private const int DocumentsPerWriter = 1000;
    private const int Dimensions = 16;

    [Fact]
    public async Task Upserts_EightWritersWhileCompactionRuns_EveryAcknowledgedDocumentOnceAtLatestVersion()
    {
        string container = TestStorage.UniqueContainerName("c");
        static void Tune(VectronStorageOptions o)
        {
            o.CompactionThresholdBytes = 256 * 1024;
            o.MaxSegmentRows = 3000;
        }

        using VectronCollections compactor = TestData.Collections(container, "compactor", Tune);
        await compactor.CreateAsync("load", new CollectionSettings(Dimensions));
        using var stop = new CancellationTokenSource();
        Task<int> compacting = Task.Run(async () =>
        {
            int compactions = 0;
            while (!stop.IsCancellationRequested)
            {
                compactions += (await compactor.CompactAsync("load")).Compacted ? 1 : 0;
            }

            return compactions;
        });

        Dictionary<string, int>[] latest = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(container, w, Tune))));
        await stop.CancelAsync();
        int compactionsMeanwhile = await compacting;
        var expected = latest.SelectMany(d => d).ToDictionary(p => p.Key, p => p.Value);

        using var reader = new CollectionReader(compactor.Storage, "load");
        await reader.RefreshAsync();
        Assert.True(compactionsMeanwhile > 0);
        Assert.Equal(expected.Where(p => p.Value > 0).Select(p => p.Key).Order(StringComparer.Ordinal), reader.LiveIds.Order(StringComparer.Ordinal));

        while (!(await compactor.CompactAsync("load")).Compacted)
        {
            await Task.Delay(100);
        }

        var rows = new List<LogRecord>();
        foreach (SegmentInfo segment in (await compactor.Manifests.ReadAsync("load")).Manifest.Segments)
        {
            BlobDownloadResult bytes = await compactor.Storage.Container.GetBlobClient(segment.BlobName).DownloadContentAsync();
            rows.AddRange(SegmentCodec.Decode(bytes.Content.ToMemory().Span, segment.BlobName).Rows);
        }

        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(
            expected.Where(p => p.Value > 0).OrderBy(p => p.Key, StringComparer.Ordinal),
            rows.Select(r => KeyValuePair.Create(r.Id, JsonDocument.Parse(r.Metadata).RootElement.GetProperty("v").GetInt32())).OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    /// <summary>One writer instance: new documents in batches of 1-20, with updates and deletes of its earlier ones.
    /// Returns each id's last acknowledged version number (0 = deleted).</summary>
    private static async Task<Dictionary<string, int>> WriteAsync(string container, int writer, Action<VectronStorageOptions> tune)
    {
        using VectronCollections instance = TestData.Collections(container, $"writer-{writer}", tune);
        var random = new Random(100 + writer);
        var latest = new Dictionary<string, int>();
        int version = 0;
        int written = 0;
        while (written < DocumentsPerWriter)
        {
            int size = Math.Min(random.Next(1, 21), DocumentsPerWriter - written);
            List<string> ids = Enumerable.Range(written, size).Select(i => $"w{writer}-{i}").ToList();
            written += size;
            if (random.Next(3) == 0)
            {
                ids.AddRange(Enumerable.Range(0, 5).Select(_ => $"w{writer}-{random.Next(written)}"));
            }

            version++;
            List<DocumentUpsert> batch = ids.Distinct().Select(id => new DocumentUpsert(id, TestData.Vector(random, Dimensions), $$"""{"v":{{version}}}""")).ToList();
            await instance.UpsertAsync("load", batch);
            foreach (DocumentUpsert document in batch)
            {
                latest[document.Id] = version;
            }

            if (random.Next(4) == 0)
            {
                List<string> deletes = Enumerable.Range(0, 3).Select(_ => $"w{writer}-{random.Next(written)}").Distinct().ToList();
                await instance.DeleteDocumentsAsync("load", deletes);
                foreach (string id in deletes)
                {
                    latest[id] = 0;
                }
            }
        }

        return latest;
    }
}
