using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>How a raw request sends its body.</summary>
internal enum BodyFraming
{
    /// <summary>No body and no length header.</summary>
    None,

    /// <summary>A <c>Content-Length</c> equal to the body.</summary>
    ContentLength,

    /// <summary><c>Transfer-Encoding: chunked</c>, no length.</summary>
    Chunked,

    /// <summary>A <c>Content-Length</c> of <see cref="RawRequest.ClaimedLength"/>, then only the bytes of the body (often none).</summary>
    ClaimedLength,
}

/// <summary>One request written byte for byte: any method, target (dot segments, NUL, backslashes, raw UTF-8), header or framing.</summary>
internal sealed record RawRequest(string Kind, string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, BodyFraming Framing)
{
    public long ClaimedLength { get; init; }

    /// <summary>When set, the body (or, with no body, the headers) is sent one byte per interval: a slow client.</summary>
    public TimeSpan? TrickleInterval { get; init; }

    public override string ToString() =>
        $"[{Kind}] {Method} {Escape(Target, 160)} ({Framing}, {Body.Length} bytes{(TrickleInterval is null ? string.Empty : ", trickled")})";

    private static string Escape(string text, int max)
    {
        var shown = text.Length <= max ? text : text[..max] + "...";
        return string.Concat(shown.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}

/// <summary>What came back: the status (0 when the server closed without answering), when the head arrived, and whether the whole body was sent.</summary>
internal sealed record RawResponse(int Status, TimeSpan Elapsed, bool BodyCompleted, string Text)
{
    public bool Answered => Status != 0;
}

/// <summary>
/// An HTTP/1.1 client over a bare socket, one connection per request (<c>Connection: close</c>), so the tests can send
/// what HttpClient refuses or normalises. Reads the answer while it writes, as a server may answer (413, 408, 401)
/// before the body is sent.
/// </summary>
internal static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, RawRequest request, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var clock = Stopwatch.StartNew();
            await socket.ConnectAsync(server.Host, server.Port, cancel.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var reading = ReadAnswerAsync(stream, clock, cancel.Token);
            var completed = await WriteAsync(stream, request, server, reading, cancel.Token);
            var (status, elapsed, text) = await reading;
            return new RawResponse(status, elapsed, completed, text);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer within {timeout.TotalSeconds:0} s to {request}");
        }
    }

    private static async Task<bool> WriteAsync(NetworkStream stream, RawRequest request, Uri server, Task answered, CancellationToken cancellationToken)
    {
        try
        {
            var head = Head(request, server);
            if (request.TrickleInterval is { } interval && request.Body.Length == 0)
            {
                // A slow client that never finishes its headers.
                return await TrickleAsync(stream, head, interval, answered, cancellationToken);
            }

            await stream.WriteAsync(head, cancellationToken);
            if (request.TrickleInterval is { } bodyInterval)
            {
                return await TrickleAsync(stream, Framed(request), bodyInterval, answered, cancellationToken);
            }

            var body = Framed(request);
            var offset = 0;
            while (offset < body.Length && !answered.IsCompleted)
            {
                var length = Math.Min(64 * 1024, body.Length - offset);
                await stream.WriteAsync(body.AsMemory(offset, length), cancellationToken);
                offset += length;
            }

            return offset == body.Length;
        }
        catch (IOException)
        {
            // The server answered and closed while the body was still being sent.
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<bool> TrickleAsync(NetworkStream stream, byte[] bytes, TimeSpan interval, Task answered, CancellationToken cancellationToken)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (answered.IsCompleted)
            {
                return false;
            }

            await stream.WriteAsync(bytes.AsMemory(i, 1), cancellationToken);
            await Task.WhenAny(answered, Task.Delay(interval, cancellationToken));
        }

        return true;
    }

    private static byte[] Head(RawRequest request, Uri server)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{request.Method} {request.Target} HTTP/1.1\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Host: {server.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in request.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        switch (request.Framing)
        {
            case BodyFraming.ContentLength:
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {request.Body.Length}\r\n");
                break;
            case BodyFraming.ClaimedLength:
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {request.ClaimedLength}\r\n");
                break;
            case BodyFraming.Chunked:
                head.Append("Transfer-Encoding: chunked\r\n");
                break;
            default:
                break;
        }

        if (request.TrickleInterval is null || request.Body.Length > 0)
        {
            head.Append("\r\n");
        }

        // Raw UTF-8: a target or header with NUL, look-alikes or invalid sequences is sent as it is.
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    private static byte[] Framed(RawRequest request)
    {
        if (request.Framing != BodyFraming.Chunked)
        {
            return request.Body;
        }

        using var framed = new MemoryStream();
        const int chunk = 16 * 1024;
        for (var offset = 0; offset < request.Body.Length; offset += chunk)
        {
            var length = Math.Min(chunk, request.Body.Length - offset);
            framed.Write(Encoding.ASCII.GetBytes(length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
            framed.Write(request.Body, offset, length);
            framed.Write("\r\n"u8);
        }

        framed.Write("0\r\n\r\n"u8);
        return framed.ToArray();
    }

    // A complete answer ends the read, even when the server keeps the connection open to drain a body it did not read.
    private static bool IsComplete(MemoryStream answer)
    {
        var bytes = answer.GetBuffer().AsSpan(0, (int)answer.Length);
        var headEnd = bytes.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return false;
        }

        var head = Encoding.ASCII.GetString(bytes[..headEnd]);
        var body = bytes[(headEnd + 4)..];
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return long.TryParse(line.AsSpan(15).Trim(), CultureInfo.InvariantCulture, out var length) && body.Length >= length;
            }

            if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                return body.EndsWith("0\r\n\r\n"u8);
            }
        }

        return false;
    }

    // Reads to the end of the answer (the server closes after answering, as asked): the status and, when the head arrived, its time.
    private static async Task<(int Status, TimeSpan Elapsed, string Text)> ReadAnswerAsync(NetworkStream stream, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var headAt = TimeSpan.Zero;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (headAt == TimeSpan.Zero)
                {
                    headAt = clock.Elapsed;
                }

                answer.Write(buffer, 0, read);
                if (IsComplete(answer))
                {
                    break;
                }
            }
        }
        catch (IOException) when (answer.Length > 0)
        {
            // A reset after the answer was read.
        }
        catch (IOException)
        {
            return (0, clock.Elapsed, string.Empty);
        }

        var text = Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)answer.Length);
        var parts = text.Split(' ', 3);
        var status = parts.Length > 1 && text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var code) ? code : 0;
        return (status, headAt == TimeSpan.Zero ? clock.Elapsed : headAt, text);
    }
}
