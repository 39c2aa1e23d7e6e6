using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Vectron.Functions.Http;
using Vectron.Functions.LocalHost;
using Vectron.Index.Ingestion;

namespace Vectron.Functions.Tests.Hostile;

/// <summary>
/// Seeded generators of hostile requests for any route: random bytes, mutated valid bodies, wrong content types, path
/// tricks in names and ids, oversized bodies and bad keys. A request depends only on the <see cref="Random"/> it is
/// given, so a failing case is replayed from its seed.
/// </summary>
internal sealed class HostileInputs(string targetCollection, string canaryCollection, string apiKey)
{
    public const string RandomBytes = "random-bytes";
    public const string MutatedJson = "mutated-json";
    public const string ContentType = "content-type";
    public const string PathTrick = "path-trick";
    public const string Oversized = "oversized";
    public const string BadKey = "bad-key";

    /// <summary>Kinds with their weights in a fuzz run.</summary>
    public static readonly (string Kind, int Weight)[] Kinds =
        [(RandomBytes, 15), (MutatedJson, 40), (ContentType, 10), (PathTrick, 20), (Oversized, 3), (BadKey, 7)];

    private const string Json = "application/json";

    private static readonly string?[] ContentTypes =
    [
        null, "", "text/plain", "application/xml", "application/json; charset=utf-16", "application/json; charset=latin1",
        "multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded", "application/json;;", "application/*", "*/*",
        "application/problem+json", "application/vnd.vectron+json", "application/json; charset=\"utf-8\"", "application/x-ndjson",
        "application/gzip", "json", "application/json; charset=utf-8; charset=utf-16", "appl\u00efcation/json",
    ];

    private static readonly string[] OddValues =
    [
        "null", "true", "false", "\"\"", "\"x\"", "[]", "{}", "0", "-0", "-1", "1e308", "-1e308", "1e-400", "1e39",
        "123456789012345678901234567890", "9007199254740993", "-2147483649", "4294967296", "0.1e1", "\"NaN\"",
        "\"Infinity\"", "\"-Infinity\"", "NaN", "Infinity", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "[null]",
        "{\"$and\":[]}", "{\"$or\":{}}", "{\"a\":{\"$in\":[[[]]]}}", "[1e308,1e308,1e308]", "[-0,-0,-0]", "[\"1\",\"2\",\"3\"]",
    ];

    /// <summary>Names and ids meant to step outside their collection or confuse routing and blob naming.</summary>
    private string[] PathTricks =>
    [
        "..", ".", "%2e%2e", "%2E%2E", "%2e", "..%2F..%2Fjobs", "%2e%2e%2f%2e%2e%2f", "a%2Fb", "%2F", "%2f..%2f",
        "a\\b", "..\\..\\x", "\\", "%5C..%5C", "a%00b", "%00", "a\u0000b", "%", "%zz", "%%32%65", "%u002e",
        "\uff43\uff4f\uff4c", "fuzz\u2010target", "fuzz-targ\u0435t", "\u212a", "\u0131d", "a\u200bb", "\ufeffx",
        new string('n', 1024), new string('%', 300), "collections", "jobs", "manifest.json", "seg", "log",
        "compaction.lock", "a;b", "%3Fq=1", "%23frag", "~", "$", ".hidden", "-", "CON", "nul", "%C0%AE%C0%AE",
        targetCollection + "%2F..%2F" + canaryCollection, "..%2F" + canaryCollection, canaryCollection + "%2Fmanifest.json",
        "%2e%2e%2f" + canaryCollection, canaryCollection + "\\..\\" + targetCollection, canaryCollection + "%00",
    ];

    public RawRequest Next(Random random, IReadOnlyList<HttpRoute> routes)
    {
        var route = routes[random.Next(routes.Count)];
        var kind = PickKind(random);
        return kind switch
        {
            RandomBytes => RandomBytesRequest(random, route),
            MutatedJson => Request(kind, route, Target(route, random, trick: false), Seed(route).ContentType, Mutate(random, Seed(route).Body), BodyFraming.ContentLength),
            ContentType => Request(kind, route, Target(route, random, trick: false), ContentTypes[random.Next(ContentTypes.Length)], Seed(route).Body, BodyFraming.ContentLength),
            PathTrick => NextPathTrick(random, [route]),
            Oversized => OversizedRequest(random, route),
            _ => BadKeyRequest(random, route),
        };
    }

    private static string PickKind(Random random)
    {
        var roll = random.Next(Kinds.Sum(k => k.Weight));
        foreach (var (kind, weight) in Kinds)
        {
            if ((roll -= weight) < 0)
            {
                return kind;
            }
        }

        return Kinds[^1].Kind;
    }

    /// <summary>A valid body for the route's function when one is known, else an empty JSON object.</summary>
    public static (string? ContentType, byte[] Body) Seed(HttpRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (!route.TakesBody)
        {
            return (null, []);
        }

        return route.Function switch
        {
            "CreateCollection" => (Json, Utf8("""{"dimensions":3,"metric":"cosine"}""")),
            "UpsertDocuments" => (Json, Utf8("""{"documents":[{"id":"doc-1","vector":[0.5,0.25,1],"metadata":{"topic":"fuzz","year":2025,"tags":["a","b"]}},{"id":"doc-2","vector":[1,0,0]}]}""")),
            "Query" => (Json, Utf8("""{"vector":[1,0,0.5],"topK":3,"filter":{"topic":{"$in":["fuzz","x"]},"year":{"$gte":2000}},"include":["metadata"],"consistency":"strong"}""")),
            "Embed" => (Json, Utf8("""{"texts":["hello world","a second, longer text to embed"]}""")),
            "StartBulkJob" => ("application/x-ndjson", Utf8("{\"id\":\"b-1\",\"vector\":[1,0,0]}\n{\"id\":\"b-2\",\"vector\":[0,1,0],\"metadata\":{\"k\":1}}\n")),
            _ => (Json, Utf8("{}")),
        };
    }

    private RawRequest Request(string kind, HttpRoute route, string target, string? contentType, byte[] body, BodyFraming framing, bool withKey = true)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (contentType is not null)
        {
            headers.Add(new("Content-Type", contentType));
        }

        if (withKey)
        {
            headers.Add(new(ApiKeyCheck.HeaderName, apiKey));
        }

        return new RawRequest(kind, route.Method, target, headers, body, body.Length == 0 && framing == BodyFraming.ContentLength ? BodyFraming.None : framing);
    }

    /// <summary>A random path trick mixed into a random route's names and ids.</summary>
    public RawRequest NextPathTrick(Random random, IReadOnlyList<HttpRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(routes);
        var route = routes[random.Next(routes.Count)];
        var (contentType, body) = Seed(route);
        return Request(PathTrick, route, Target(route, random, trick: true), contentType, body, route.TakesBody ? BodyFraming.ContentLength : BodyFraming.None);
    }

    /// <summary>Every path trick in every parameter of <paramref name="route"/> (or as an extra segment), each alone, in turn.</summary>
    public IEnumerable<RawRequest> AllPathTricks(HttpRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var (contentType, body) = Seed(route);
        var parameters = route.Parameters.Count == 0 ? [string.Empty] : route.Parameters;
        var valueRandom = new Random(0);
        foreach (var trick in PathTricks)
        {
            foreach (var parameter in parameters)
            {
                var target = parameter.Length == 0
                    ? route.Template + "/" + trick
                    : route.Fill(p => p == parameter ? trick : ValidValue(route, p, valueRandom));
                yield return Request(PathTrick, route, target, contentType, body, route.TakesBody ? BodyFraming.ContentLength : BodyFraming.None);
            }
        }
    }

    private string Target(HttpRoute route, Random random, bool trick)
    {
        var target = route.Fill(parameter =>
        {
            var valid = ValidValue(route, parameter, random);
            if (!trick)
            {
                return valid;
            }

            var tricky = PathTricks[random.Next(PathTricks.Length)];
            return random.Next(3) switch
            {
                0 => tricky,
                1 => valid + tricky,
                _ => tricky + valid,
            };
        });
        if (trick && route.Parameters.Count == 0)
        {
            // Routes without parameters get the trick appended as an extra segment.
            target += "/" + PathTricks[random.Next(PathTricks.Length)];
        }

        return target;
    }

    private string ValidValue(HttpRoute route, string parameter, Random random) => parameter switch
    {
        "name" => targetCollection,
        "id" when route.Template.Contains("/" + JobLayout.JobsPrefix, StringComparison.Ordinal) =>
            string.Concat(Enumerable.Range(0, JobLayout.JobIdLength).Select(_ => "0123456789abcdef"[random.Next(16)])),
        "id" => "doc-" + random.Next(1, 4).ToString(CultureInfo.InvariantCulture),
        _ => "fuzz",
    };

    private RawRequest RandomBytesRequest(Random random, HttpRoute route)
    {
        var body = new byte[random.Next(0, 4097)];
        random.NextBytes(body);
        var contentType = random.Next(2) == 0 ? Seed(route).ContentType ?? Json : ContentTypes[random.Next(ContentTypes.Length)];
        return Request(RandomBytes, route, Target(route, random, trick: false), contentType, body, BodyFraming.ContentLength);
    }

    // Beyond the JSON limit, sent chunked (no length), with an honest length, or only claimed (no body follows).
    private RawRequest OversizedRequest(Random random, HttpRoute route)
    {
        var target = Target(route, random, trick: false);
        var contentType = Seed(route).ContentType ?? Json;
        switch (random.Next(3))
        {
            case 0:
                return Request(Oversized, route, target, contentType, PaddedJson(ApiLimits.MaxJsonBodyBytes + random.Next(1, 64 * 1024)), BodyFraming.Chunked);
            case 1:
                return Request(Oversized, route, target, contentType, PaddedJson(ApiLimits.MaxJsonBodyBytes + random.Next(1, 64 * 1024)), BodyFraming.ContentLength);
            default:
                var claimed = random.Next(2) == 0 ? ApiLimits.MaxBulkBodyBytes + 1 : long.MaxValue / 2;
                return Request(Oversized, route, target, contentType, [], BodyFraming.ClaimedLength) with { ClaimedLength = claimed };
        }
    }

    private RawRequest BadKeyRequest(Random random, HttpRoute route)
    {
        var (contentType, body) = Seed(route);
        var target = Target(route, random, trick: false);
        var request = Request(BadKey, route, target, contentType, body, route.TakesBody ? BodyFraming.ContentLength : BodyFraming.None, withKey: false);
        var headers = request.Headers.ToList();
        switch (random.Next(5))
        {
            case 0:
                break;
            case 1:
                headers.Add(new(ApiKeyCheck.HeaderName, apiKey.ToUpperInvariant()));
                break;
            case 2:
                headers.Add(new(ApiKeyCheck.HeaderName, apiKey[..^1] + (char)(apiKey[^1] ^ 1)));
                break;
            case 3:
                headers.Add(new(ApiKeyCheck.HeaderName, ""));
                break;
            default:
                // The right key in the query is accepted, as in Azure: that answer must not be 401.
                return request with { Target = target + (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + ApiKeyCheck.QueryName + "=" + Uri.EscapeDataString(apiKey) };
        }

        return request with { Headers = headers };
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var text = Encoding.UTF8.GetString(seed);
        var rounds = random.Next(1, 4);
        for (var round = 0; round < rounds; round++)
        {
            text = MutateOnce(random, text);
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return random.Next(6) switch
        {
            0 => [0xEF, 0xBB, 0xBF, .. bytes],
            1 => InsertInvalidUtf8(random, bytes),
            2 => FlipBytes(random, bytes),
            _ => bytes,
        };
    }

    private static string MutateOnce(Random random, string text)
    {
        var operation = random.Next(9);
        try
        {
            return operation switch
            {
                0 => EditNode(random, text, (node, r) => DropMember(node, r)),
                1 or 2 => ReplaceValue(random, text, OddValues[random.Next(OddValues.Length)]),
                3 => ReplaceValue(random, text, "\"" + GiantString(random) + "\""),
                4 => ReplaceValue(random, text, Nested(random)),
                5 => DuplicateFirstKey(random, text),
                6 => text[..random.Next(text.Length + 1)],
                _ => ReplaceValue(random, text, "\"\\u" + random.Next(0x10000).ToString("x4", CultureInfo.InvariantCulture) + "\""),
            };
        }
        catch (InvalidOperationException)
        {
            // An earlier round left a lone surrogate escape, which JsonNode cannot write back; keep the text as it is.
            return text;
        }
    }

    private static string GiantString(Random random)
    {
        var length = random.Next(4) == 0 ? random.Next(60_000, 70_000) : random.Next(1_000, 20_000);
        return random.Next(2) == 0 ? new string('x', length) : new string('\u00e9', length / 2);
    }

    private static string Nested(Random random)
    {
        var depth = new[] { 63, 65, 1_000, 10_000 }[random.Next(4)];
        return random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    private static string EditNode(Random random, string text, Action<JsonNode, Random> edit)
    {
        if (Parse(text) is not { } root)
        {
            return text;
        }

        // An earlier round may have left a bare value with no object or array to edit.
        var nodes = Descendants(root).Where(n => n is JsonObject or JsonArray).ToList();
        if (nodes.Count == 0)
        {
            return text;
        }

        edit(nodes[random.Next(nodes.Count)], random);
        return root.ToJsonString();
    }

    private static void DropMember(JsonNode node, Random random)
    {
        switch (node)
        {
            case JsonObject { Count: > 0 } obj:
                obj.Remove(obj.ElementAt(random.Next(obj.Count)).Key);
                break;
            case JsonArray { Count: > 0 } array:
                array.RemoveAt(random.Next(array.Count));
                break;
            default:
                break;
        }
    }

    // Replaces one value (not the root) with raw JSON text, which need not be valid.
    private static string ReplaceValue(Random random, string text, string raw)
    {
        const string Marker = "\"__fuzz_marker__\"";
        if (Parse(text) is not { } root)
        {
            return text;
        }

        var values = Descendants(root).Where(n => n.Parent is not null).ToList();
        if (values.Count == 0)
        {
            return raw;
        }

        var chosen = values[random.Next(values.Count)];
        switch (chosen.Parent)
        {
            case JsonObject parent:
                parent[chosen.GetPropertyName()] = JsonValue.Create("__fuzz_marker__");
                break;
            case JsonArray array:
                array[chosen.GetElementIndex()] = JsonValue.Create("__fuzz_marker__");
                break;
            default:
                break;
        }

        return root.ToJsonString().Replace(Marker, raw, StringComparison.Ordinal);
    }

    private static string DuplicateFirstKey(Random random, string text)
    {
        if (Parse(text) is not JsonObject { Count: > 0 } root)
        {
            return text;
        }

        var name = root.ElementAt(random.Next(root.Count)).Key;
        return "{\"" + name + "\":" + OddValues[random.Next(OddValues.Length)] + "," + root.ToJsonString()[1..];
    }

    private static byte[] InsertInvalidUtf8(Random random, byte[] bytes)
    {
        byte[][] invalid = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80]];
        var at = random.Next(bytes.Length + 1);
        return [.. bytes.AsSpan(0, at), .. invalid[random.Next(invalid.Length)], .. bytes.AsSpan(at)];
    }

    private static byte[] FlipBytes(Random random, byte[] bytes)
    {
        var copy = bytes.ToArray();
        for (var i = random.Next(1, 4); i > 0 && copy.Length > 0; i--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            // Objects are built lazily; walking them surfaces duplicate keys here rather than in the caller.
            var root = JsonNode.Parse(text);
            _ = root is null ? 0 : Descendants(root).Count();
            return root;
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().ToList())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    public static byte[] PaddedJson(int size)
    {
        var prefix = "{\"pad\":\""u8.ToArray();
        var body = new byte[size];
        prefix.CopyTo(body, 0);
        body.AsSpan(prefix.Length, size - prefix.Length - 2).Fill((byte)'p');
        body[^2] = (byte)'"';
        body[^1] = (byte)'}';
        return body;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
