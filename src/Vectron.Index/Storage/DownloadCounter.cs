using Azure.Core;
using Azure.Core.Pipeline;
using Vectron.Index.Telemetry;

namespace Vectron.Index.Storage;

/// <summary>Counts response bytes of GET requests, so the cost of a cold start can be reported in bytes read
/// (<see cref="Bytes"/> for this storage, <see cref="VectronTelemetry.BytesDownloaded"/> for the process).</summary>
internal sealed class DownloadCounter : HttpPipelineSynchronousPolicy
{
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    public override void OnReceivedResponse(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get && message.Response.Headers.ContentLength is { } length)
        {
            Interlocked.Add(ref _bytes, length);
            VectronTelemetry.BytesDownloaded.Add(length);
        }
    }
}
