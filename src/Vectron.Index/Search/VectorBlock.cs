using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using Vectron.Index.Search.Filters;

namespace Vectron.Index.Search;

/// <summary>A block of rows the scan reads: row-major float32 vectors in 64-byte aligned memory, their int8 and
/// binary codes (for the fast mode), the row ids and optional metadata. A codes-only block (<see cref="HasVectors"/>
/// false) keeps no float32 vectors; the fast mode then fetches the rows it rescores from storage. A sealed segment's vector block is one (full) block; recent log rows go into smaller blocks
/// appended to until full. One writer may append while any number of searches read: a search sees the rows
/// counted when it started.</summary>
/// <remarks>The memory is a pinned managed array rather than native memory, so a cache that drops a block while a
/// search still scans it can never cause a use-after-free; the garbage collector frees it once unreferenced.</remarks>
public sealed class VectorBlock
{
    /// <summary>The alignment of the first row, in bytes.</summary>
    public const int Alignment = 64;

    // Filter bitmaps are cached per block; a handful of distinct filters at a time is the expected use.
    private const int MaxCachedFilters = 32;

    private readonly float[] storage;
    private readonly int firstElement;

    // The int8 codes of each row (row-major, 64-byte aligned) and their scales, for quantized search.
    private readonly sbyte[] codes;
    private readonly int firstCode;
    private readonly float[] scales;

    // The sign bits of each row, BinaryQuantizer.WordsPerRow words per row.
    private readonly ulong[] bits;
    private readonly int wordsPerRow;
    private readonly string[] ids;
    private readonly JsonElement[] metadata;
    private readonly ConcurrentDictionary<string, RowBitmap> filterBitmaps = new(StringComparer.Ordinal);
    private int count;

    /// <summary>An empty block for <paramref name="capacity"/> rows of <paramref name="dimensions"/> floats.</summary>
    public VectorBlock(int dimensions, int capacity)
        : this(dimensions, capacity, hasVectors: true)
    {
    }

    /// <summary>An empty block keeping float32 vectors only when <paramref name="hasVectors"/>.</summary>
    internal VectorBlock(int dimensions, int capacity, bool hasVectors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        long elements = (long)dimensions * capacity;
        int padding = Alignment / sizeof(float);
        if (elements > Array.MaxLength - padding)
        {
            throw new ArgumentOutOfRangeException(
                nameof(capacity), capacity, $"{capacity} rows of {dimensions} floats exceed one array; use several blocks.");
        }

        Dimensions = dimensions;
        Capacity = capacity;
        HasVectors = hasVectors;
        storage = GC.AllocateUninitializedArray<float>(hasVectors ? (int)elements + padding : 0, pinned: true);
        long misalignment = hasVectors ? Marshal.UnsafeAddrOfPinnedArrayElement(storage, 0) % Alignment : 0;
        firstElement = (int)((Alignment - misalignment) % Alignment) / sizeof(float);
        codes = GC.AllocateUninitializedArray<sbyte>((int)elements + Alignment, pinned: true);
        firstCode = (int)((Alignment - (Marshal.UnsafeAddrOfPinnedArrayElement(codes, 0) % Alignment)) % Alignment);
        scales = new float[capacity];
        wordsPerRow = BinaryQuantizer.WordsPerRow(dimensions);
        bits = new ulong[(long)wordsPerRow * capacity];
        ids = new string[capacity];
        metadata = new JsonElement[capacity];
    }

    /// <summary>Bytes a block of rows of <paramref name="dimensions"/> keeps per row for
    /// vector data: the float32 vector, its int8 codes and their scale, its binary code.</summary>
    public static long VectorBytesPerRow(int dimensions) => ((long)dimensions * sizeof(float)) + CodeBytesPerRow(dimensions);

    /// <summary>Bytes a codes-only block keeps per row: int8 codes, their scale and the binary code.</summary>
    public static long CodeBytesPerRow(int dimensions) =>
        ((long)dimensions * sizeof(sbyte)) + sizeof(float) + (BinaryQuantizer.WordsPerRow(dimensions) * sizeof(ulong));

    /// <summary>Whether the block keeps float32 vectors (else only codes: <see cref="GetVector"/> throws).</summary>
    public bool HasVectors { get; }

    /// <summary>Floats per row.</summary>
    public int Dimensions { get; }

    /// <summary>Rows the block can hold.</summary>
    public int Capacity { get; }

    /// <summary>Rows appended so far.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>Appends a row unless the block is full. Only one thread may append to a block at a time.</summary>
    /// <param name="id">The document id; ties in score are broken by id (ordinal, ascending).</param>
    /// <param name="vector">Exactly <see cref="Dimensions"/> floats, already L2-normalised.</param>
    /// <param name="metadata">A JSON object, or <c>default</c> for none. It is cloned.</param>
    /// <returns><c>false</c> when the block is full.</returns>
    public bool TryAppend(string id, ReadOnlySpan<float> vector, JsonElement metadata = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"The vector has {vector.Length} dimensions; the block has {Dimensions}.", nameof(vector));
        }

        int row = count;
        if (row == Capacity)
        {
            return false;
        }

        if (HasVectors)
        {
            vector.CopyTo(storage.AsSpan(firstElement + (row * Dimensions), Dimensions));
        }

        scales[row] = Int8Quantizer.Quantize(vector, codes.AsSpan(firstCode + (row * Dimensions), Dimensions));
        BinaryQuantizer.Encode(vector, bits.AsSpan(row * wordsPerRow, wordsPerRow));
        ids[row] = id;
        this.metadata[row] = metadata.ValueKind == JsonValueKind.Undefined ? default : metadata.Clone();
        Volatile.Write(ref count, row + 1);
        return true;
    }

    /// <summary>Appends a row from codes already computed (a segment's stored code blocks), keeping no vector:
    /// only for a block made without vectors.</summary>
    internal bool TryAppendCodes(string id, ReadOnlySpan<sbyte> int8Codes, float scale, ReadOnlySpan<ulong> binaryCode, JsonElement metadata = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (HasVectors || int8Codes.Length != Dimensions || binaryCode.Length != wordsPerRow)
        {
            throw new ArgumentException("Codes-only rows go to a block without vectors, with one row of codes.", nameof(int8Codes));
        }

        int row = count;
        if (row == Capacity)
        {
            return false;
        }

        int8Codes.CopyTo(codes.AsSpan(firstCode + (row * Dimensions), Dimensions));
        scales[row] = scale;
        binaryCode.CopyTo(bits.AsSpan(row * wordsPerRow, wordsPerRow));
        ids[row] = id;
        this.metadata[row] = metadata.ValueKind == JsonValueKind.Undefined ? default : metadata.Clone();
        Volatile.Write(ref count, row + 1);
        return true;
    }

    /// <summary>The id of <paramref name="row"/>.</summary>
    public string GetId(int row) => ids[CheckRow(row)];

    /// <summary>The metadata of <paramref name="row"/>; <c>ValueKind</c> is <c>Undefined</c> when it has none.</summary>
    public JsonElement GetMetadata(int row) => metadata[CheckRow(row)];

    /// <summary>The vector of <paramref name="row"/>.</summary>
    /// <exception cref="InvalidOperationException">The block keeps codes only.</exception>
    public ReadOnlySpan<float> GetVector(int row)
    {
        CheckVectors();
        return storage.AsSpan(firstElement + (CheckRow(row) * Dimensions), Dimensions);
    }

    /// <summary>The first <paramref name="rowCount"/> rows, contiguous and 64-byte aligned.</summary>
    internal ReadOnlySpan<float> GetRows(int rowCount)
    {
        CheckVectors();
        return storage.AsSpan(firstElement, rowCount * Dimensions);
    }

    /// <summary>The binary codes of the first <paramref name="rowCount"/> rows, row-major.</summary>
    internal ReadOnlySpan<ulong> GetBinaryCodes(int rowCount) => bits.AsSpan(0, rowCount * wordsPerRow);

    /// <summary>The int8 codes of the first <paramref name="rowCount"/> rows, contiguous and 64-byte aligned.</summary>
    internal ReadOnlySpan<sbyte> GetCodes(int rowCount) => codes.AsSpan(firstCode, rowCount * Dimensions);

    /// <summary>The quantization scales of the first <paramref name="rowCount"/> rows.</summary>
    internal ReadOnlySpan<float> GetScales(int rowCount) => scales.AsSpan(0, rowCount);

    /// <summary>Asks the CPU to start loading the int8 codes and the scale of <paramref name="row"/> (x86 only; a
    /// hint, so nothing else changes).</summary>
    internal unsafe void PrefetchCodes(int row)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        // Every cache line of the row: one per 64 codes from its start, and the line of its last code.
        ref sbyte first = ref codes[firstCode + (row * Dimensions)];
        for (int offset = 0; offset < Dimensions; offset += 64)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref first, offset)));
        }

        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref first, Dimensions - 1)));
        Sse.Prefetch0(Unsafe.AsPointer(ref scales[row]));
    }

    /// <summary>The rows among the first <paramref name="rowCount"/> that match <paramref name="filter"/>, evaluated
    /// once per block and filter and extended as rows are appended.</summary>
    internal RowBitmap GetFilterBitmap(MetadataFilter filter, int rowCount)
    {
        if (filterBitmaps.TryGetValue(filter.Key, out RowBitmap? cached) && cached.Length >= rowCount)
        {
            return cached;
        }

        int evaluated = cached?.Length ?? 0;
        RowBitmap bitmap = cached?.CopyTo(rowCount) ?? new RowBitmap(rowCount);
        for (int row = evaluated; row < rowCount; row++)
        {
            if (filter.Matches(metadata[row]))
            {
                bitmap[row] = true;
            }
        }

        if (filterBitmaps.Count >= MaxCachedFilters)
        {
            filterBitmaps.Clear();
        }

        filterBitmaps[filter.Key] = bitmap;
        return bitmap;
    }

    private void CheckVectors()
    {
        if (!HasVectors)
        {
            throw new InvalidOperationException("This block keeps only codes; its float32 vectors are read from storage.");
        }
    }

    private int CheckRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        return row;
    }
}
