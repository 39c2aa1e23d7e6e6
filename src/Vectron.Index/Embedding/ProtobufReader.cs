using System.Buffers.Binary;
using System.Text;

namespace Vectron.Index.Embedding;

/// <summary>
/// Forward-only reader of the protobuf wire format, just enough to walk an ONNX model (varints, length-delimited
/// fields, fixed 32/64-bit fields). Hand-written rather than generated from onnx.proto: the quantizer touches five
/// message types and copies everything else verbatim, which needs the raw bytes of each field, not objects.
/// </summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> buffer)
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireFixed32 = 5;

    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public readonly bool End => _position >= _buffer.Length;

    public readonly int Position => _position;

    /// <summary>Reads the next field's tag; <paramref name="fieldStart"/> is where the tag begins, for verbatim copies.</summary>
    public (int Field, int WireType) ReadTag(out int fieldStart)
    {
        fieldStart = _position;
        var tag = ReadVarint();
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                throw new InvalidDataException("Truncated protobuf varint.");
            }

            var b = _buffer[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Malformed protobuf varint.");
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
        {
            throw new InvalidDataException("Protobuf field runs past the end of its message.");
        }

        var bytes = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>Reads a repeated int64 field element, packed or not, into <paramref name="values"/>.</summary>
    public void ReadInt64s(int wireType, List<long> values)
    {
        if (wireType != WireLengthDelimited)
        {
            values.Add((long)ReadVarint());
            return;
        }

        var packed = new ProtobufReader(ReadBytes());
        while (!packed.End)
        {
            values.Add((long)packed.ReadVarint());
        }
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case WireVarint:
                ReadVarint();
                break;
            case WireFixed64:
                Advance(8);
                break;
            case WireLengthDelimited:
                ReadBytes();
                break;
            case WireFixed32:
                Advance(4);
                break;
            default:
                throw new InvalidDataException($"Unsupported protobuf wire type {wireType}.");
        }
    }

    /// <summary>The bytes from <paramref name="fieldStart"/> to the current position: one whole field, tag included.</summary>
    public readonly ReadOnlySpan<byte> Since(int fieldStart) => _buffer[fieldStart.._position];

    public static float ReadFloat(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadSingleLittleEndian(bytes);

    private void Advance(int count)
    {
        if (count > _buffer.Length - _position)
        {
            throw new InvalidDataException("Protobuf field runs past the end of its message.");
        }

        _position += count;
    }
}
