using Azure.Core;
using Azure.Core.Pipeline;
using Vectron.Index.Telemetry;

namespace Vectron.Index.Storage;

/// <summary>Counts GET requests and their response bytes, so the cost of a cold start can be reported in bytes read
/// (<see cref="Bytes"/> for this storage, <see cref="VectronTelemetry.BytesDownloaded"/> for the process) and the
/// round trips of a catch-up can be tested (<see cref="Requests"/>, and <see cref="HeadRequests"/> for the change marker).</summary>
internal sealed class DownloadCounter : HttpPipelineSynchronousPolicy
{
    private long _bytes;
    private long _requests;
    private long _heads;

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Requests => Interlocked.Read(ref _requests);

    public long HeadRequests => Interlocked.Read(ref _heads);

    public override void OnReceivedResponse(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Head)
        {
            Interlocked.Increment(ref _heads);
        }

        if (message.Request.Method != RequestMethod.Get)
        {
            return;
        }

        Interlocked.Increment(ref _requests);
        if (message.Response.Headers.ContentLength is { } length)
        {
            Interlocked.Add(ref _bytes, length);
            VectronTelemetry.BytesDownloaded.Add(length);
        }
    }
}
