using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace Vectron.Index.Embedding;

/// <summary>What <see cref="OnnxInt8Quantizer.Quantize"/> changed.</summary>
/// <param name="MatMuls">MatMul nodes with a constant fp32 weight replaced by <c>com.microsoft:DynamicQuantizeMatMul</c>.</param>
/// <param name="BiasesFolded">Of those, how many took over the <c>Add</c> of a constant bias that followed them.</param>
/// <param name="WeightBytesBefore">Bytes of the replaced fp32 weights.</param>
/// <param name="WeightBytesAfter">Bytes of their int8 weights and fp32 per-column scales.</param>
/// <param name="WeightRange">Largest magnitude of a quantized weight (127, or 63 where the CPU's kernel could saturate).</param>
internal sealed record QuantizationSummary(int MatMuls, int BiasesFolded, long WeightBytesBefore, long WeightBytesAfter, int WeightRange);

/// <summary>
/// Dynamic int8 quantization of an fp32 ONNX model, in process and without ONNX tooling: every <c>MatMul(A, W)</c>
/// whose <c>W</c> is a 2-D fp32 initializer becomes <c>com.microsoft:DynamicQuantizeMatMul(A, W_int8, W_scale, , bias)</c>
/// (ONNX Runtime's CPU contrib op: activations are quantized to uint8 per call, the weights once, here). Weights are
/// symmetric int8 with one scale per output column (zero point 0, so it is omitted); a following <c>Add</c> of a
/// constant 1-D bias is folded into the node. Everything else in the model is copied byte for byte.
/// </summary>
internal static class OnnxInt8Quantizer
{
    private const string MicrosoftDomain = "com.microsoft";
    private const string QuantizedOp = "DynamicQuantizeMatMul";
    private const string NameSuffix = ".vectron_int8";

    /// <summary>Full symmetric int8 range: -127..127 (never -128, so the range is symmetric).</summary>
    internal const int FullRange = 127;

    /// <summary>7-bit weights, for CPUs whose int8 kernel could otherwise saturate (see <see cref="WeightRange"/>).</summary>
    internal const int ReducedRange = 63;

    /// <summary>
    /// Largest magnitude of a quantized weight on this CPU. ONNX Runtime multiplies uint8 activations by int8 weights;
    /// with VNNI (and on ARM's dot-product instructions) products are summed in 32 bits, but x64's AVX2 fallback
    /// (<c>vpmaddubsw</c>) adds pairs of products in saturating 16 bits, where 2 x 255 x 127 overflows and
    /// 2 x 255 x 64 does not: the same reason ONNX Runtime's own quantizer offers <c>reduce_range</c>.
    /// </summary>
    internal static int WeightRange { get; } = !X86Base.IsSupported || HasVnni() ? FullRange : ReducedRange;

    /// <summary>Returns the quantized model's bytes (the input is not changed), weights in this CPU's <see cref="WeightRange"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ONNX model.</exception>
    public static byte[] Quantize(ReadOnlySpan<byte> model, out QuantizationSummary summary) => Quantize(model, WeightRange, out summary);

    /// <summary>Returns the quantized model's bytes, weights within -<paramref name="weightRange"/>..<paramref name="weightRange"/>.</summary>
    internal static byte[] Quantize(ReadOnlySpan<byte> model, int weightRange, out QuantizationSummary summary)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weightRange, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weightRange, FullRange);
        var writer = new ProtobufWriter(model.Length);
        var reader = new ProtobufReader(model);
        var hasMicrosoftOpset = false;
        summary = new QuantizationSummary(0, 0, 0, 0, weightRange);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag(out var start);
            if (field == OnnxFields.ModelGraph && wireType == ProtobufReader.WireLengthDelimited)
            {
                writer.WriteMessageField(OnnxFields.ModelGraph, QuantizeGraph(reader.ReadBytes(), weightRange, out summary));
                continue;
            }

            if (field == OnnxFields.ModelOpsetImport && wireType == ProtobufReader.WireLengthDelimited)
            {
                hasMicrosoftOpset |= OnnxGraph.ReadFirstString(reader.ReadBytes(), OnnxFields.OpsetDomain) == MicrosoftDomain;
            }
            else
            {
                reader.Skip(wireType);
            }

            writer.WriteRaw(reader.Since(start));
        }

        if (!hasMicrosoftOpset && summary.MatMuls > 0)
        {
            var opset = new ProtobufWriter();
            opset.WriteStringField(OnnxFields.OpsetDomain, MicrosoftDomain);
            opset.WriteVarintField(OnnxFields.OpsetVersion, 1);
            writer.WriteMessageField(OnnxFields.ModelOpsetImport, opset);
        }

        return writer.ToArray();
    }

    private static ProtobufWriter QuantizeGraph(ReadOnlySpan<byte> graph, int weightRange, out QuantizationSummary summary)
    {
        var plan = GraphPlan.Read(graph);
        var writer = new ProtobufWriter(graph.Length);
        var reader = new ProtobufReader(graph);
        var nodeIndex = 0;
        long before = 0, after = 0;
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag(out var start);
            var bytes = wireType == ProtobufReader.WireLengthDelimited ? reader.ReadBytes() : default;
            if (wireType != ProtobufReader.WireLengthDelimited)
            {
                reader.Skip(wireType);
            }
            else if (field == OnnxFields.GraphNode)
            {
                var index = nodeIndex++;
                if (plan.Replacements.TryGetValue(index, out var replacement))
                {
                    writer.WriteMessageField(OnnxFields.GraphNode, WriteNode(replacement));
                    continue;
                }

                if (plan.FoldedAdds.Contains(index))
                {
                    continue;
                }
            }
            else if (field == OnnxFields.GraphInitializer && plan.DroppedInitializers.Contains(OnnxTensor.Read(bytes, 0).Name))
            {
                continue;
            }

            writer.WriteRaw(reader.Since(start));
        }

        foreach (var replacement in plan.Replacements.Values)
        {
            var weight = plan.Initializers[replacement.Weight];
            var (rows, columns) = ((int)weight.Dims[0], (int)weight.Dims[1]);
            var (quantized, scales) = QuantizeColumns(weight.ReadFloats(graph), rows, columns, weightRange);
            writer.WriteMessageField(OnnxFields.GraphInitializer, WriteTensor(replacement.QuantizedWeight, [rows, columns], OnnxFields.DataTypeInt8, quantized));
            writer.WriteMessageField(OnnxFields.GraphInitializer, WriteTensor(replacement.Scale, [columns], OnnxFields.DataTypeFloat, scales));
            before += (long)rows * columns * sizeof(float);
            after += quantized.Length + scales.Length;
        }

        summary = new QuantizationSummary(plan.Replacements.Count, plan.FoldedAdds.Count, before, after, weightRange);
        return writer;
    }

    /// <summary>Symmetric per-column quantization of a row-major [rows, columns] matrix; returns int8 bytes and float scales (little-endian).</summary>
    internal static (byte[] Quantized, byte[] Scales) QuantizeColumns(float[] weights, int rows, int columns, int weightRange)
    {
        var scales = new float[columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                scales[c] = Math.Max(scales[c], Math.Abs(weights[(r * columns) + c]));
            }
        }

        for (var c = 0; c < columns; c++)
        {
            // An all-zero column quantizes to zeros under any scale; 1 avoids dividing by zero.
            scales[c] = scales[c] > 0 ? scales[c] / weightRange : 1f;
        }

        var quantized = new byte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var value = Math.Round(weights[i] / scales[i % columns], MidpointRounding.ToEven);
            quantized[i] = (byte)(sbyte)Math.Clamp(value, -weightRange, weightRange);
        }

        var scaleBytes = new byte[columns * sizeof(float)];
        for (var c = 0; c < columns; c++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(scaleBytes.AsSpan(c * sizeof(float)), scales[c]);
        }

        return (quantized, scaleBytes);
    }

    /// <summary>AVX-VNNI (CPUID leaf 7.1 EAX bit 4, which <see cref="AvxVnni"/> reports) or AVX512-VNNI (leaf 7.0 ECX bit 11).</summary>
    private static bool HasVnni() => AvxVnni.IsSupported || (X86Base.CpuId(7, 0).Ecx & (1 << 11)) != 0;

    private static ProtobufWriter WriteNode(Replacement replacement)
    {
        var node = new ProtobufWriter();
        node.WriteStringField(OnnxFields.NodeInput, replacement.Activation);
        node.WriteStringField(OnnxFields.NodeInput, replacement.QuantizedWeight);
        node.WriteStringField(OnnxFields.NodeInput, replacement.Scale);
        if (replacement.Bias is not null)
        {
            node.WriteStringField(OnnxFields.NodeInput, ""); // no zero point: symmetric weights
            node.WriteStringField(OnnxFields.NodeInput, replacement.Bias);
        }

        node.WriteStringField(OnnxFields.NodeOutput, replacement.Output);
        node.WriteStringField(OnnxFields.NodeName, replacement.Name);
        node.WriteStringField(OnnxFields.NodeOpType, QuantizedOp);
        node.WriteStringField(OnnxFields.NodeDomain, MicrosoftDomain);
        return node;
    }

    private static ProtobufWriter WriteTensor(string name, long[] dims, int dataType, byte[] raw)
    {
        var tensor = new ProtobufWriter(raw.Length + 64);
        foreach (var dim in dims)
        {
            tensor.WriteVarintField(OnnxFields.TensorDims, dim);
        }

        tensor.WriteVarintField(OnnxFields.TensorDataType, dataType);
        tensor.WriteStringField(OnnxFields.TensorName, name);
        tensor.WriteBytesField(OnnxFields.TensorRawData, raw);
        return tensor;
    }

    /// <summary>One MatMul to replace, with the Add whose bias it absorbs (if any).</summary>
    private sealed record Replacement(string Name, string Activation, string Weight, string? Bias, string Output)
    {
        public string QuantizedWeight => Weight + NameSuffix;

        public string Scale => Weight + NameSuffix + "_scale";
    }

    /// <summary>First pass over a graph: which nodes are replaced or dropped and which initializers go.</summary>
    private sealed class GraphPlan(Dictionary<string, OnnxTensor> initializers)
    {
        public Dictionary<string, OnnxTensor> Initializers { get; } = initializers;

        public Dictionary<int, Replacement> Replacements { get; } = [];

        public HashSet<int> FoldedAdds { get; } = [];

        public HashSet<string> DroppedInitializers { get; } = [];

        public static GraphPlan Read(ReadOnlySpan<byte> bytes)
        {
            var graph = OnnxGraph.Read(bytes);
            var plan = new GraphPlan(graph.Initializers);
            var nodes = graph.Nodes;

            // A graph output is consumed by the caller: never fold away the node that produces it.
            var consumers = new Dictionary<string, int>();
            graph.Outputs.ForEach(output => Count(consumers, output));
            var consumerOf = new Dictionary<string, int>();
            for (var i = 0; i < nodes.Count; i++)
            {
                foreach (var input in nodes[i].Inputs)
                {
                    Count(consumers, input);
                    consumerOf[input] = i;
                }
            }

            // Initializers that are also graph inputs can be overridden at run time, so they are not constants.
            bool IsConstant(string name, out OnnxTensor tensor) =>
                graph.Initializers.TryGetValue(name, out tensor!) && !graph.Inputs.Contains(name) && tensor.HasFloatData;

            for (var i = 0; i < nodes.Count; i++)
            {
                var node = nodes[i];
                if (!node.Is("MatMul") || node.Inputs.Count != 2 || node.Outputs.Count != 1
                    || !IsConstant(node.Inputs[1], out var weight) || weight.Dims.Length != 2 || consumers[weight.Name] != 1)
                {
                    continue;
                }

                string? bias = null;
                var output = node.Outputs[0];
                if (consumers.GetValueOrDefault(output) == 1 && consumerOf.TryGetValue(output, out var next)
                    && nodes[next] is { Inputs.Count: 2, Outputs.Count: 1 } add && add.Is("Add")
                    && add.Inputs.IndexOf(output) is var position and >= 0
                    && IsConstant(add.Inputs[1 - position], out var addend)
                    && addend.Dims is [var length] && length == weight.Dims[1])
                {
                    bias = addend.Name;
                    output = add.Outputs[0];
                    plan.FoldedAdds.Add(next);
                }

                plan.Replacements[i] = new Replacement(node.Name, node.Inputs[0], weight.Name, bias, output);
                plan.DroppedInitializers.Add(weight.Name);
            }

            return plan;
        }

        private static void Count(Dictionary<string, int> counts, string name) =>
            counts[name] = counts.GetValueOrDefault(name) + 1;
    }
}
