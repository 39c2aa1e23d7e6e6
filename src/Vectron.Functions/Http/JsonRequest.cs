using System.Buffers;
using System.Text.Unicode;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Vectron.Index.Collections;

namespace Vectron.Functions.Http;

/// <summary>
/// Reads a JSON request body strictly: JSON content type, at most <see cref="ApiLimits.MaxJsonBodyBytes"/>, no
/// unknown members. A body over the limit is a <see cref="RequestTooLargeException"/>; every other failure is a
/// <see cref="VectronValidationException"/> naming the field.
/// </summary>
public static class JsonRequest
{
    /// <summary>Field name used when the whole body, not one member, is at fault.</summary>
    public const string BodyField = "body";

    /// <summary>The serializer settings of request bodies: web names (camelCase, case-insensitive), strict members.</summary>
    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // The web defaults accept numbers written as strings ("2"); a strict API refuses them.
        NumberHandling = JsonNumberHandling.Strict,
        // A null inside a list must reach request validation, which reports it with its index (texts[3]).
        RespectNullableAnnotations = false,
    };

    /// <summary>Reads and deserializes the body of <paramref name="request"/> as <typeparamref name="T"/>, at most <see cref="ApiLimits.MaxJsonBodyBytes"/>.</summary>
    public static Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken = default)
        where T : class
        => ReadAsync<T>(request, ApiLimits.MaxJsonBodyBytes, cancellationToken);

    /// <summary>Reads and deserializes the body of <paramref name="request"/> as <typeparamref name="T"/>, at most <paramref name="maxBytes"/>.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        RequireJsonContentType(request);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        // The bounded read below is this route's limit; the server's own backstop is lifted for it, because Kestrel
        // counts a chunked body's framing too and refused bodies of exactly the route's limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = null;
        }

        using var body = await ReadBoundedAsync(request.Body, maxBytes, cancellationToken);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(body.Memory.Span, SerializerOptions);
        }
        catch (JsonException exception)
        {
            throw new VectronValidationException(FieldOf(exception), $"Malformed JSON or a value of the wrong type: {exception.Message}");
        }

        RequireValidStrings(body.Memory.Span);
        return value ?? throw new VectronValidationException(BodyField, "The request body must be a JSON object.");
    }

    // JsonElement members (a query filter, metadata) keep their strings undecoded, and decoding one later throws
    // InvalidOperationException for invalid UTF-8 or a lone surrogate escape: a 500 from whoever reads it (the
    // fuzzer found it in the filter parser). Checked once here, so every reader gets valid strings.
    private static void RequireValidStrings(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            throw new VectronValidationException(BodyField, "The request body is not valid UTF-8.");
        }

        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException exception)
        {
            throw new VectronValidationException(BodyField, $"The request body holds a string that is not valid UTF-16: {exception.Message}");
        }
        catch (JsonException)
        {
            // Not reached for a body the serializer accepted; its structure is the serializer's to report.
        }
    }

    private static void RequireJsonContentType(HttpRequest request)
    {
        var isJson = MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
            && (!mediaType.Charset.HasValue || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
        if (!isJson)
        {
            throw new VectronValidationException(HeaderNames.ContentType, "The request body must be sent as 'application/json' (UTF-8).");
        }
    }

    // Reads at most one byte past the limit, so an oversized body without a Content-Length is refused unread.
    private static async Task<PooledBytes> ReadBoundedAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxBytes + 1) - length), cancellationToken);
                if (read == 0)
                {
                    return new PooledBytes(buffer, length);
                }

                length += read;
                if (length > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static RequestTooLargeException TooLarge(int maxBytes) => new(maxBytes);

    // JsonException.Path is "$.texts[2]"; callers know the field as "texts[2]".
    private static string FieldOf(JsonException exception)
    {
        var path = exception.Path;
        return string.IsNullOrEmpty(path) || path == "$" ? BodyField : path.TrimStart('$').TrimStart('.');
    }

    private sealed class PooledBytes(byte[] buffer, int length) : IDisposable
    {
        public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, length);

        public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
    }
}
