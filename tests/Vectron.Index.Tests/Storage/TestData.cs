using System.Text;
using System.Text.Json;
using Vectron.Index.Collections;
using Vectron.Index.Storage;
using Vectron.Testing;

namespace Vectron.Index.Tests.Storage;

/// <summary>Seeded random documents (unicode ids and text, large metadata) and storage set up per test.</summary>
internal static class TestData
{
    private static readonly string[] Alphabet = ["a", "z", "0", "-", "é", "ß", "Ж", "中", "文", "🙂", "👩‍💻", "\"", "\\", " ", "ǅ", "𝄞"];

    public static VectronStorageOptions Options(string? container = null, string? writerId = null) => new()
    {
        ConnectionString = TestStorage.ConnectionString,
        ContainerName = container ?? TestStorage.UniqueContainerName("s"),
        WriterId = writerId ?? $"w-{Guid.NewGuid().ToString("N")[..8]}",
        GracePeriod = TimeSpan.Zero,
        MaxRetries = 2,
        RetryDelay = TimeSpan.FromMilliseconds(50),
    };

    public static VectronCollections Collections(string? container = null, string? writerId = null, Action<VectronStorageOptions>? tweak = null)
    {
        VectronStorageOptions options = Options(container, writerId);
        tweak?.Invoke(options);
        return new VectronCollections(options);
    }

    public static string UnicodeString(Random random, int maxLength)
    {
        var builder = new StringBuilder();
        int length = random.Next(1, maxLength + 1);
        while (builder.Length < length)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return builder.ToString();
    }

    public static float[] Vector(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        do
        {
            for (int i = 0; i < dimensions; i++)
            {
                vector[i] = (float)((random.NextDouble() * 2) - 1);
            }
        }
        while (vector.All(v => v == 0));

        return vector;
    }

    public static string MetadataJson(Random random, int approximateBytes)
    {
        var metadata = new Dictionary<string, object>
        {
            ["n"] = random.Next(),
            ["tag"] = UnicodeString(random, 12),
            ["blob"] = UnicodeString(random, Math.Max(1, approximateBytes / 3)),
        };
        return JsonSerializer.Serialize(metadata);
    }

    public static DocumentUpsert Document(Random random, string id, int dimensions, int metadataBytes = 200) =>
        new(id, Vector(random, dimensions), MetadataJson(random, metadataBytes), UnicodeString(random, 80));

    public static LogRecord Record(Random random, int dimensions)
    {
        var version = new RecordVersion(random.NextInt64(1, long.MaxValue), (ulong)random.NextInt64());
        string id = UnicodeString(random, 40);
        if (random.Next(5) == 0)
        {
            return LogRecord.Delete(id, version);
        }

        int metadataBytes = random.Next(4) == 0 ? random.Next(10_000, 60_000) : random.Next(0, 300);
        byte[] metadata = metadataBytes == 0 ? [] : Encoding.UTF8.GetBytes(MetadataJson(random, metadataBytes));
        byte[] text = random.Next(3) == 0 ? [] : Encoding.UTF8.GetBytes(UnicodeString(random, 500));
        return LogRecord.Upsert(id, version, Vector(random, dimensions), metadata, text);
    }

    public static void AssertSame(LogRecord expected, LogRecord actual)
    {
        Assert.Equal(expected.Operation, actual.Operation);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Vector, actual.Vector);
        Assert.Equal(expected.Metadata, actual.Metadata);
        Assert.Equal(expected.Text, actual.Text);
    }
}
