using System.Diagnostics;
using Vectron.Index.Storage;
using Vectron.Index.Telemetry;
using Vectron.Index.Tests.Query;

namespace Vectron.Index.Tests.Telemetry;

[Collection(TelemetryTestGroup.Name)]
public sealed class WriteTelemetryTests
{
    [Fact]
    public async Task UpsertAndDelete_WithListener_RecordDocumentsAppendsAndSpans()
    {
        using QueryBed bed = await QueryBed.CreateAsync(dimensions: 6);
        var random = new Random(811);
        using var capture = new TelemetryCapture();
        int batches = random.Next(2, 6);
        int upserted = 0;
        for (int i = 0; i < batches; i++)
        {
            int count = random.Next(1, 25);
            await bed.UpsertAsync(bed.Documents(random, upserted, count));
            upserted += count;
        }

        int deleted = random.Next(1, upserted);
        await bed.DeleteAsync(Enumerable.Range(0, deleted).Select(i => $"d{i}").ToList());

        List<MetricValue> metrics = capture.Collect();
        var collection = (TelemetryTags.Collection, (object)bed.Collection);
        Assert.Equal(upserted, metrics.Total(InstrumentNames.DocumentsWritten, collection, (TelemetryTags.Operation, "upsert")));
        Assert.Equal(deleted, metrics.Total(InstrumentNames.DocumentsWritten, collection, (TelemetryTags.Operation, "delete")));

        // Sequential writes are one append each; together they are exactly the bytes in the collection's logs.
        long logBytes = (await new LogTailReader(bed.Writer.Storage).ListLogsAsync(bed.Collection)).Sum(l => l.Length);
        Assert.Equal(batches + 1, metrics.Total(InstrumentNames.AppendBytes, collection));
        Assert.Equal(logBytes, metrics.SumOf(InstrumentNames.AppendBytes, collection));
        Assert.Equal(batches + 1, metrics.Total(InstrumentNames.AppendDuration, collection));

        List<Activity> spans = capture.Spans(TelemetryTags.WriteSpan, bed.Collection);
        Assert.Equal(batches + 1, spans.Count);
        Assert.Equal(upserted + deleted, spans.Sum(s => (int)s.GetTagItem(TelemetryTags.Documents)!));
        Assert.Equal("delete", spans[^1].GetTagItem(TelemetryTags.Operation));
    }
}
