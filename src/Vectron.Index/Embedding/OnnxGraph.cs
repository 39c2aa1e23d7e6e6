using System.Buffers.Binary;

namespace Vectron.Index.Embedding;

/// <summary>Field numbers of the onnx.proto messages Vectron reads or writes (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto).</summary>
internal static class OnnxFields
{
    public const int ModelGraph = 7;
    public const int ModelOpsetImport = 8;
    public const int OpsetDomain = 1;
    public const int OpsetVersion = 2;
    public const int GraphNode = 1;
    public const int GraphInitializer = 5;
    public const int GraphInput = 11;
    public const int GraphOutput = 12;
    public const int ValueInfoName = 1;
    public const int NodeInput = 1;
    public const int NodeOutput = 2;
    public const int NodeName = 3;
    public const int NodeOpType = 4;
    public const int NodeDomain = 7;
    public const int TensorDims = 1;
    public const int TensorDataType = 2;
    public const int TensorFloatData = 4;
    public const int TensorName = 8;
    public const int TensorRawData = 9;
    public const int TensorDataLocation = 14;
    public const int DataTypeFloat = 1;
    public const int DataTypeInt8 = 3;
}

/// <summary>A graph node: what it computes and which values it reads and writes.</summary>
internal sealed record OnnxNode(string Name, string OpType, string Domain, List<string> Inputs, List<string> Outputs)
{
    /// <summary>Whether this is the standard-domain operator <paramref name="opType"/>.</summary>
    public bool Is(string opType) => OpType == opType && Domain is "" or "ai.onnx";

    public static OnnxNode Read(ReadOnlySpan<byte> node)
    {
        var reader = new ProtobufReader(node);
        string name = "", opType = "", domain = "";
        List<string> inputs = [], outputs = [];
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag(out _);
            if (wireType != ProtobufReader.WireLengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }

            switch (field)
            {
                case OnnxFields.NodeInput: inputs.Add(reader.ReadString()); break;
                case OnnxFields.NodeOutput: outputs.Add(reader.ReadString()); break;
                case OnnxFields.NodeName: name = reader.ReadString(); break;
                case OnnxFields.NodeOpType: opType = reader.ReadString(); break;
                case OnnxFields.NodeDomain: domain = reader.ReadString(); break;
                default: reader.Skip(wireType); break;
            }
        }

        return new OnnxNode(name, opType, domain, inputs, outputs);
    }
}

/// <summary>An initializer's name, type, shape and where its data lies in the bytes of its graph.</summary>
internal sealed record OnnxTensor(string Name, int DataType, long[] Dims, int DataOffset, int DataLength, bool External)
{
    public long Elements => Dims.Aggregate(1L, (product, dim) => product * dim);

    /// <summary>fp32 data held in the model itself (raw_data or packed float_data), complete for its shape.</summary>
    public bool HasFloatData => DataType == OnnxFields.DataTypeFloat && !External && DataLength == Elements * sizeof(float);

    /// <param name="tensor">The TensorProto's bytes.</param>
    /// <param name="offsetInGraph">Where those bytes start in the graph's, so that the data can be found again.</param>
    public static OnnxTensor Read(ReadOnlySpan<byte> tensor, int offsetInGraph)
    {
        var reader = new ProtobufReader(tensor);
        var name = "";
        var dataType = 0;
        List<long> dims = [];
        int dataOffset = 0, dataLength = 0;
        var external = false;
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag(out _);
            switch (field)
            {
                case OnnxFields.TensorDims: reader.ReadInt64s(wireType, dims); break;
                case OnnxFields.TensorDataType when wireType == ProtobufReader.WireVarint: dataType = (int)reader.ReadVarint(); break;
                case OnnxFields.TensorName when wireType == ProtobufReader.WireLengthDelimited: name = reader.ReadString(); break;
                case OnnxFields.TensorDataLocation when wireType == ProtobufReader.WireVarint: external = reader.ReadVarint() != 0; break;
                case OnnxFields.TensorRawData or OnnxFields.TensorFloatData when wireType == ProtobufReader.WireLengthDelimited:
                    dataLength = reader.ReadBytes().Length;
                    dataOffset = offsetInGraph + reader.Position - dataLength;
                    break;
                default: reader.Skip(wireType); break;
            }
        }

        return new OnnxTensor(name, dataType, [.. dims], dataOffset, dataLength, external);
    }

    /// <summary>raw_data and packed float_data are both little-endian IEEE floats.</summary>
    public float[] ReadFloats(ReadOnlySpan<byte> graph)
    {
        var data = graph.Slice(DataOffset, DataLength);
        var floats = new float[DataLength / sizeof(float)];
        for (var i = 0; i < floats.Length; i++)
        {
            floats[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * sizeof(float))..]);
        }

        return floats;
    }
}

/// <summary>The parts of a GraphProto that a rewrite needs to reason about, in file order.</summary>
internal sealed class OnnxGraph
{
    public List<OnnxNode> Nodes { get; } = [];

    public Dictionary<string, OnnxTensor> Initializers { get; } = [];

    public HashSet<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    public static OnnxGraph Read(ReadOnlySpan<byte> graph)
    {
        var result = new OnnxGraph();
        var reader = new ProtobufReader(graph);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag(out _);
            if (wireType != ProtobufReader.WireLengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }

            var bytes = reader.ReadBytes();
            switch (field)
            {
                case OnnxFields.GraphNode:
                    result.Nodes.Add(OnnxNode.Read(bytes));
                    break;
                case OnnxFields.GraphInitializer:
                    var tensor = OnnxTensor.Read(bytes, reader.Position - bytes.Length);
                    result.Initializers[tensor.Name] = tensor;
                    break;
                case OnnxFields.GraphInput:
                    result.Inputs.Add(ReadValueInfoName(bytes));
                    break;
                case OnnxFields.GraphOutput:
                    result.Outputs.Add(ReadValueInfoName(bytes));
                    break;
                default:
                    break;
            }
        }

        return result;
    }

    /// <summary>Reads the graph of a whole ModelProto and the domains of its opset imports.</summary>
    public static OnnxGraph ReadModel(ReadOnlySpan<byte> model, out List<string> opsetDomains)
    {
        var reader = new ProtobufReader(model);
        var graph = new OnnxGraph();
        opsetDomains = [];
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag(out _);
            if (field == OnnxFields.ModelGraph && wireType == ProtobufReader.WireLengthDelimited)
            {
                graph = Read(reader.ReadBytes());
            }
            else if (field == OnnxFields.ModelOpsetImport && wireType == ProtobufReader.WireLengthDelimited)
            {
                opsetDomains.Add(ReadFirstString(reader.ReadBytes(), OnnxFields.OpsetDomain));
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return graph;
    }

    /// <summary>The first string field numbered <paramref name="field"/> of a message, or "" (proto's default).</summary>
    public static string ReadFirstString(ReadOnlySpan<byte> message, int field)
    {
        var reader = new ProtobufReader(message);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag(out _);
            if (number == field && wireType == ProtobufReader.WireLengthDelimited)
            {
                return reader.ReadString();
            }

            reader.Skip(wireType);
        }

        return "";
    }

    private static string ReadValueInfoName(ReadOnlySpan<byte> valueInfo) => ReadFirstString(valueInfo, OnnxFields.ValueInfoName);
}
