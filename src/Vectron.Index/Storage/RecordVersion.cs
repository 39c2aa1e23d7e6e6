using System.IO.Hashing;
using System.Text;

namespace Vectron.Index.Storage;

/// <summary>
/// The order of writes to one document: hybrid-logical-clock timestamp first, then a tag derived from the writer id
/// so two writers that stamp the same instant still order the same way everywhere. Larger wins (last-writer-wins).
/// </summary>
public readonly record struct RecordVersion(long Timestamp, ulong WriterTag) : IComparable<RecordVersion>
{
    public static ulong TagOf(string writerId)
    {
        return XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(writerId));
    }

    public int CompareTo(RecordVersion other)
    {
        int byTime = Timestamp.CompareTo(other.Timestamp);
        return byTime != 0 ? byTime : WriterTag.CompareTo(other.WriterTag);
    }

    public static bool operator <(RecordVersion left, RecordVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(RecordVersion left, RecordVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(RecordVersion left, RecordVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(RecordVersion left, RecordVersion right) => left.CompareTo(right) >= 0;
}
