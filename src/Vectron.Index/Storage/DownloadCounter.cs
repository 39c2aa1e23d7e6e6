using Azure.Core;
using Azure.Core.Pipeline;

namespace Vectron.Index.Storage;

/// <summary>Counts response bytes of GET requests, so the cost of a cold start can be reported in bytes read.</summary>
internal sealed class DownloadCounter : HttpPipelineSynchronousPolicy
{
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    public override void OnReceivedResponse(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get && message.Response.Headers.ContentLength is { } length)
        {
            Interlocked.Add(ref _bytes, length);
        }
    }
}
