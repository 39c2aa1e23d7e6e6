using System.Diagnostics;

namespace Vectron.Index.Telemetry;

/// <summary>The write path's spans and measurements.</summary>
internal static class WriteTelemetry
{
    public const string Upsert = "upsert";
    public const string Delete = "delete";

    public static Activity? StartWrite(string collection, string operation, int documents)
    {
        Activity? activity = VectronTelemetry.Source.StartActivity(TelemetryTags.WriteSpan);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.Collection, collection);
            activity.SetTag(TelemetryTags.Operation, operation);
            activity.SetTag(TelemetryTags.Documents, documents);
        }

        return activity;
    }

    public static void Written(string collection, string operation, int documents) =>
        VectronTelemetry.DocumentsWritten.Add(
            documents,
            new KeyValuePair<string, object?>(TelemetryTags.Collection, collection),
            new KeyValuePair<string, object?>(TelemetryTags.Operation, operation));

    /// <summary>One append block landed: its size and how long it took since the flusher started it.</summary>
    public static void Appended(string collection, int bytes, long startTimestamp)
    {
        var tag = new KeyValuePair<string, object?>(TelemetryTags.Collection, collection);
        VectronTelemetry.AppendBytes.Record(bytes, tag);
        if (VectronTelemetry.AppendDuration.Enabled)
        {
            VectronTelemetry.AppendDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tag);
        }
    }
}
