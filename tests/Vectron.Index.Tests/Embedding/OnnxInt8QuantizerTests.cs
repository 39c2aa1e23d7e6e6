using Vectron.Index.Embedding;

namespace Vectron.Index.Tests.Embedding;

public sealed class OnnxInt8QuantizerTests
{
    [Fact]
    public void Quantize_BundledModel_EveryConstantMatMulReplacedAndBiasesFolded()
    {
        var original = File.ReadAllBytes(new EmbeddingOptions().ResolvedModelPath);

        var quantized = OnnxInt8Quantizer.Quantize(original, out var summary);

        var before = OnnxGraph.ReadModel(original, out _);
        var after = OnnxGraph.ReadModel(quantized, out var opsets);
        var constantMatMuls = before.Nodes.Count(n => n.Is("MatMul") && before.Initializers.ContainsKey(n.Inputs[1]));
        Assert.True(constantMatMuls > 0);
        Assert.Equal(constantMatMuls, summary.MatMuls);
        Assert.Equal(summary.MatMuls, after.Nodes.Count(n => n is { OpType: "DynamicQuantizeMatMul", Domain: "com.microsoft" }));
        Assert.DoesNotContain(after.Nodes, n => n.Is("MatMul") && after.Initializers.ContainsKey(n.Inputs[1]));
        Assert.Equal(before.Nodes.Count(n => n.Is("MatMul")) - summary.MatMuls, after.Nodes.Count(n => n.Is("MatMul")));
        Assert.Equal(before.Nodes.Count(n => n.Is("Add")) - summary.BiasesFolded, after.Nodes.Count(n => n.Is("Add")));
        Assert.Equal(before.Nodes.Count - summary.BiasesFolded, after.Nodes.Count);
        Assert.Contains("com.microsoft", opsets);
        Assert.Equal(summary.WeightBytesBefore / sizeof(float), after.Initializers.Values.Where(t => t.DataType == OnnxFields.DataTypeInt8).Sum(t => t.Elements));
        Assert.True(quantized.Length < original.Length - (summary.WeightBytesBefore / 2));
    }

    [Fact]
    public void Quantize_BundledModel_EveryNodeInputStillDefined()
    {
        var quantized = OnnxInt8Quantizer.Quantize(File.ReadAllBytes(new EmbeddingOptions().ResolvedModelPath), out _);

        var graph = OnnxGraph.ReadModel(quantized, out _);
        var defined = new HashSet<string>(graph.Inputs.Concat(graph.Initializers.Keys)) { "" };
        foreach (var node in graph.Nodes)
        {
            // Topological order: each input is defined before the node that reads it.
            Assert.All(node.Inputs, input => Assert.Contains(input, defined));
            node.Outputs.ForEach(output => defined.Add(output));
        }

        Assert.All(graph.Outputs, output => Assert.Contains(output, defined));
    }

    [Theory]
    [InlineData(OnnxInt8Quantizer.FullRange)]
    [InlineData(OnnxInt8Quantizer.ReducedRange)]
    public void QuantizeColumns_SeededRandomMatrices_WithinHalfAStepAndWholeRangeUsed(int weightRange)
    {
        var random = new Random(20261125 + weightRange);
        for (var round = 0; round < 200; round++)
        {
            var rows = random.Next(1, 40);
            var columns = random.Next(1, 40);
            var magnitudes = Enumerable.Range(0, columns).Select(_ => random.Next(4) == 0 ? 0f : MathF.Pow(10, (random.NextSingle() * 6) - 4)).ToArray();
            var weights = new float[rows * columns];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = ((random.NextSingle() * 2) - 1) * magnitudes[i % columns];
            }

            var (quantized, scaleBytes) = OnnxInt8Quantizer.QuantizeColumns(weights, rows, columns, weightRange);

            var scales = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(scaleBytes);
            for (var c = 0; c < columns; c++)
            {
                var largest = 0;
                for (var r = 0; r < rows; r++)
                {
                    var q = (sbyte)quantized[(r * columns) + c];
                    Assert.InRange(q, -weightRange, weightRange);
                    Assert.True(MathF.Abs((q * scales[c]) - weights[(r * columns) + c]) <= (scales[c] * 0.5f * 1.0001f),
                        $"round {round}, [{r},{c}]: {weights[(r * columns) + c]} became {q} x {scales[c]}");
                    largest = Math.Max(largest, Math.Abs((int)q));
                }

                // The column's largest weight maps to the end of the range (none wasted); an all-zero column stays zero.
                Assert.Equal(weights.Where((_, i) => i % columns == c).Any(w => w != 0) ? weightRange : 0, largest);
            }
        }
    }

    [Fact]
    public void Quantize_NotAProtobufModel_ThrowsInvalidData()
    {
        var text = File.ReadAllBytes(new EmbeddingOptions().ResolvedVocabularyPath);

        Assert.Throws<InvalidDataException>(() => OnnxInt8Quantizer.Quantize(text, out _));
    }
}
