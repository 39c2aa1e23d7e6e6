using System.Buffers;
using System.Text;

namespace Vectron.Index.Embedding;

/// <summary>Appends protobuf wire-format fields to a growing buffer (the counterpart of <see cref="ProtobufReader"/>).</summary>
internal sealed class ProtobufWriter(int capacity = 256)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(capacity);

    public void WriteRaw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void WriteVarintField(int field, long value)
    {
        WriteVarint((ulong)((field << 3) | ProtobufReader.WireVarint));
        WriteVarint((ulong)value);
    }

    public void WriteBytesField(int field, ReadOnlySpan<byte> bytes)
    {
        WriteVarint((ulong)((field << 3) | ProtobufReader.WireLengthDelimited));
        WriteVarint((ulong)bytes.Length);
        _buffer.Write(bytes);
    }

    public void WriteStringField(int field, string value) => WriteBytesField(field, Encoding.UTF8.GetBytes(value));

    public void WriteMessageField(int field, ProtobufWriter message) => WriteBytesField(field, message._buffer.WrittenSpan);

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        _buffer.Advance(length);
    }
}
