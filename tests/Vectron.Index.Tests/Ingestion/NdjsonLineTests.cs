using System.Text;
using Vectron.Index.Collections;
using Vectron.Index.Ingestion;

namespace Vectron.Index.Tests.Ingestion;

public sealed class NdjsonLineTests
{
    private const string JobId = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Parse_FullLine_ReadsEveryFieldAndIgnoresUnknownOnes()
    {
        NdjsonLine line = Parse("\uFEFF{\"extra\":{\"a\":[1]},\"id\":\"é-1\",\"text\":\"hi\",\"vector\":[1.5,-2,3e-3],\"metadata\": {\"k\": \"v\", \"n\": [1, 2]} }", 9);

        Assert.Equal(("é-1", "hi", 9L), (line.Id, line.Text, line.Line));
        Assert.Equal([1.5f, -2f, 3e-3f], line.Vector!);
        Assert.Equal("{\"k\": \"v\", \"n\": [1, 2]}", line.MetadataJson);
        Assert.Equal(Encoding.UTF8.GetBytes(line.MetadataJson!), line.MetadataUtf8);
    }

    [Fact]
    public void Parse_VectorAsNumbersOrBase64_GivesTheSameFloats()
    {
        // Property-style: random vectors of random lengths, written both ways (and base64 with JSON-escaped '/').
        var random = new Random(31);
        for (int i = 0; i < 500; i++)
        {
            float[] vector = new float[random.Next(1, 1100)];
            for (int d = 0; d < vector.Length; d++)
            {
                vector[d] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 8)));
            }

            string numbers = string.Join(',', vector.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            string base64 = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()));

            Assert.Equal(vector, Parse($"{{\"vector\": [ {numbers} ]}}", 1).Vector!);
            Assert.Equal(vector, Parse($"{{\"vector\":\"{base64}\"}}", 1).Vector!);
            Assert.Equal(vector, Parse($"{{\"vector\":\"{base64.Replace("/", "\\/", StringComparison.Ordinal)}\"}}", 1).Vector!);
        }
    }

    [Fact]
    public void Parse_NoId_DerivesOneFromJobAndLine()
    {
        Assert.Equal($"{JobId}-42", Parse("{\"text\":\"x\"}", 42).Id);
        Assert.Null(Parse("{\"text\":\"x\",\"vector\":null,\"metadata\":null}", 1).Vector);
    }

    [Theory]
    [InlineData("{\"id\":\"a\"}", "text")]
    [InlineData("{\"id\":\"a\",\"text\":\"\"}", "text")]
    [InlineData("{\"id\":\"a\",\"text\":5}", "text")]
    [InlineData("{\"id\":null,\"vector\":{}}", "vector")]
    [InlineData("{\"vector\":[1,true]}", "vector[1]")]
    [InlineData("{\"vector\":[1,1e39]}", "vector[1]")]
    [InlineData("{\"vector\":\"AAAAAAA=\"}", "vector")]
    [InlineData("{\"vector\":\"not base64!\"}", "vector")]
    [InlineData("{\"vector\":5}", "vector")]
    [InlineData("{\"text\":\"a\",\"metadata\":\"s\"}", "metadata")]
    [InlineData("{\"id\":\"a\\u0001\",\"text\":\"a\"}", "id")]
    [InlineData("{\"text\":\"a\"", "line")]
    [InlineData("{\"text\":\"a\"}x", "line")]
    [InlineData("\"just a string\"", "line")]
    [InlineData("{\"text\":\"a\",}", "line")]
    public void Parse_BadLine_ThrowsNamingTheField(string json, string field)
    {
        var error = Assert.Throws<VectronValidationException>(() => Parse(json, 1));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Parse_OversizedTextAndMetadata_UseTheDocumentRules()
    {
        string text = new('a', DocumentLimits.MaxTextBytes + 1);
        string metadata = $"{{\"k\":\"{new string('b', DocumentLimits.MaxMetadataBytes)}\"}}";

        Assert.Equal("text", Assert.Throws<VectronValidationException>(() => Parse($"{{\"text\":\"{text}\"}}", 1)).Field);
        Assert.Equal("metadata", Assert.Throws<VectronValidationException>(() => Parse($"{{\"text\":\"a\",\"metadata\":{metadata}}}", 1)).Field);
    }

    private static NdjsonLine Parse(string json, long line) => NdjsonLine.Parse(Encoding.UTF8.GetBytes(json), line, JobId);
}
