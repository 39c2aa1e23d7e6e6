using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Vectron.Index.Storage;

/// <summary>
/// Encodes and decodes framed log records: <c>[u32 length][u32 crc32c][payload]</c>, little-endian. Payload: op (u8),
/// timestamp (i64), writer tag (u64), id length (u16) + UTF-8 id, and for an upsert: dimensions (u16) + float32
/// vector, metadata length (u32) + UTF-8 JSON, text length (u32) + UTF-8 text.
/// </summary>
public static class LogRecordCodec
{
    public static int GetFrameSize(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.IsDelete
            ? LogFormat.FrameHeaderBytes + LogFormat.FixedPayloadBytes + Encoding.UTF8.GetByteCount(record.Id)
            : GetUpsertFrameSize(record.Id, record.Vector.Length, record.Metadata.Length, record.Text.Length);
    }

    /// <summary>The frame size of an upsert, known before its vector is normalised (bulk sizes batches with it).</summary>
    public static int GetUpsertFrameSize(string id, int dimensions, int metadataBytes, int textBytes)
    {
        ArgumentNullException.ThrowIfNull(id);
        return LogFormat.FrameHeaderBytes + LogFormat.FixedPayloadBytes + Encoding.UTF8.GetByteCount(id)
            + LogFormat.UpsertExtraBytes + (dimensions * sizeof(float)) + metadataBytes + textBytes;
    }

    /// <summary>Writes one frame into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int WriteFrame(LogRecord record, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(record);
        int frameSize = GetFrameSize(record);
        Span<byte> payload = destination[LogFormat.FrameHeaderBytes..frameSize];
        int at = 0;
        payload[at++] = (byte)record.Operation;
        BinaryPrimitives.WriteInt64LittleEndian(payload[at..], record.Version.Timestamp);
        at += 8;
        BinaryPrimitives.WriteUInt64LittleEndian(payload[at..], record.Version.WriterTag);
        at += 8;
        int idBytes = Encoding.UTF8.GetBytes(record.Id, payload[(at + 2)..]);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[at..], checked((ushort)idBytes));
        at += 2 + idBytes;
        if (!record.IsDelete)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(payload[at..], checked((ushort)record.Vector.Length));
            at += 2;
            ReadOnlySpan<byte> vectorBytes = MemoryMarshal.AsBytes(record.Vector.AsSpan());
            CopyLittleEndianFloats(vectorBytes, payload[at..]);
            at += vectorBytes.Length;
            at += WriteBlob(record.Metadata, payload[at..]);
            at += WriteBlob(record.Text, payload[at..]);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, payload));
        return frameSize;
    }

    /// <summary>Encodes records into one contiguous block of frames.</summary>
    public static byte[] Encode(IReadOnlyList<LogRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        int total = 0;
        foreach (LogRecord record in records)
        {
            total += GetFrameSize(record);
        }

        var block = new byte[total];
        int at = 0;
        foreach (LogRecord record in records)
        {
            at += WriteFrame(record, block.AsSpan(at));
        }

        return block;
    }

    /// <summary>
    /// Decodes the complete, valid frames at the start of <paramref name="bytes"/>. Stops at the first frame that is
    /// cut short or fails its checks; <see cref="FrameScan.ConsumedBytes"/> is where the next read should start.
    /// </summary>
    public static FrameScan Decode(ReadOnlySpan<byte> bytes, long baseOffset = 0)
    {
        var records = new List<PositionedRecord>();
        int at = 0;
        while (true)
        {
            if (at == bytes.Length)
            {
                return new FrameScan(records, at, FrameStop.End);
            }

            if (bytes.Length - at < LogFormat.FrameHeaderBytes)
            {
                return new FrameScan(records, at, FrameStop.Incomplete);
            }

            uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 4)..]);
            if (length < LogFormat.FixedPayloadBytes || length > LogFormat.MaxAppendBytes)
            {
                return new FrameScan(records, at, FrameStop.Corrupt);
            }

            if (bytes.Length - at - LogFormat.FrameHeaderBytes < length)
            {
                return new FrameScan(records, at, FrameStop.Incomplete);
            }

            ReadOnlySpan<byte> payload = bytes.Slice(at + LogFormat.FrameHeaderBytes, (int)length);
            if (Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, payload) != crc || !TryDecodePayload(payload, out LogRecord? record))
            {
                return new FrameScan(records, at, FrameStop.Corrupt);
            }

            records.Add(new PositionedRecord(baseOffset + at, record));
            at += LogFormat.FrameHeaderBytes + (int)length;
        }
    }

    private static bool TryDecodePayload(ReadOnlySpan<byte> payload, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LogRecord? record)
    {
        record = null;
        var operation = (RecordOperation)payload[0];
        if (operation is not (RecordOperation.Upsert or RecordOperation.Delete))
        {
            return false;
        }

        var version = new RecordVersion(
            BinaryPrimitives.ReadInt64LittleEndian(payload[1..]),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[9..]));
        int at = 17;
        int idBytes = BinaryPrimitives.ReadUInt16LittleEndian(payload[at..]);
        at += 2;
        if (idBytes == 0 || payload.Length - at < idBytes)
        {
            return false;
        }

        string id = Encoding.UTF8.GetString(payload.Slice(at, idBytes));
        at += idBytes;
        if (operation == RecordOperation.Delete)
        {
            record = at == payload.Length ? LogRecord.Delete(id, version) : null;
            return record is not null;
        }

        if (payload.Length - at < 2)
        {
            return false;
        }

        int dimensions = BinaryPrimitives.ReadUInt16LittleEndian(payload[at..]);
        at += 2;
        if (payload.Length - at < dimensions * sizeof(float))
        {
            return false;
        }

        var vector = new float[dimensions];
        CopyLittleEndianFloats(payload.Slice(at, dimensions * sizeof(float)), MemoryMarshal.AsBytes(vector.AsSpan()));
        at += dimensions * sizeof(float);
        if (!TryReadBlob(payload, ref at, out byte[]? metadata) || !TryReadBlob(payload, ref at, out byte[]? text) || at != payload.Length)
        {
            return false;
        }

        record = LogRecord.Upsert(id, version, vector, metadata, text);
        return true;
    }

    private static int WriteBlob(byte[] value, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)value.Length);
        value.CopyTo(destination[4..]);
        return 4 + value.Length;
    }

    private static bool TryReadBlob(ReadOnlySpan<byte> payload, ref int at, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? value)
    {
        value = null;
        if (payload.Length - at < 4)
        {
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(payload[at..]);
        at += 4;
        if (payload.Length - at < length)
        {
            return false;
        }

        value = payload.Slice(at, (int)length).ToArray();
        at += (int)length;
        return true;
    }

    /// <summary>The formats are little-endian; on a big-endian host each float is byte-swapped.</summary>
    internal static void CopyLittleEndianFloats(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<byte, int>(destination[..source.Length]);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }
}
