namespace Vectron.Index.Storage;

/// <summary>
/// One large byte array a compaction reuses for every segment it reads, or every part it encodes. A new array per
/// segment (about 33 MB each at 16,384 rows of 384 dimensions) stayed on the large object heap until the next full
/// collection, and a compaction of a 100k collection lifted the process by about 230 MB
/// (<c>compaction-memory</c> in docs/benchmarks.md, "Compaction's transient memory").
/// </summary>
internal sealed class ReusableBuffer
{
    private byte[] _array = [];

    /// <summary>The array, grown (with an eighth to spare, as parts differ a little in size) when shorter than
    /// <paramref name="length"/>. Its bytes are whatever the last user left.</summary>
    public byte[] AtLeast(int length)
    {
        if (_array.Length < length)
        {
            _array = new byte[checked(length + (length / 8))];
        }

        return _array;
    }
}
