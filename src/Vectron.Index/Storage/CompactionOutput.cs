using Azure;
using Azure.Storage.Blobs.Models;
using Vectron.Index.Memory;

namespace Vectron.Index.Storage;

/// <summary>
/// The new segment list of one compaction, built while the merged records arrive in ascending id order: a part is
/// uploaded once it holds <see cref="Collections.VectronStorageOptions.MaxSegmentRows"/> rows and another row
/// comes, so memory holds one part at a time; an input segment nothing overrides is kept as it is
/// (<see cref="KeepAsync"/>); retained delete tombstones go in a last, uploaded part.
/// </summary>
internal sealed class CompactionOutput(VectronStorage storage, string collection, long generation, int dimensions, DateTimeOffset now)
{
    private readonly List<LogRecord> _rows = [];
    private readonly List<LogRecord> _tombstones = [];
    private readonly List<SegmentInfo> _segments = [];
    private readonly List<SegmentInfo> _uploaded = [];
    private readonly ReusableBuffer _encoded = new();

    /// <summary>Live rows in the new segment list so far.</summary>
    public int RowsWritten { get; private set; }

    /// <summary>Rows added since the last part was uploaded.</summary>
    public int PendingRows => _rows.Count;

    /// <summary>The parts this compaction uploaded (the caller deletes them again when the manifest swap fails).</summary>
    public IReadOnlyList<SegmentInfo> Uploaded => _uploaded;

    /// <summary>Adds the winning record of the next id (ids strictly ascending across calls).</summary>
    public async Task AddAsync(LogRecord record, CancellationToken cancellationToken)
    {
        if (record.IsDelete)
        {
            // A delete is kept for a while: a write it overrode (older timestamp) may still land in a log past the watermarks.
            if (now - HybridLogicalClock.ToDateTime(record.Version.Timestamp) < storage.Options.TombstoneRetention)
            {
                _tombstones.Add(record);
            }

            return;
        }

        if (_rows.Count == storage.Options.MaxSegmentRows)
        {
            await UploadAsync(tombstones: null, cancellationToken);
        }

        _rows.Add(record);
        RowsWritten++;
    }

    /// <summary>Keeps an existing segment whose rows all win and follow every id added so far: the pending rows
    /// are uploaded first, so the list stays one ascending run.</summary>
    public async Task KeepAsync(SegmentInfo segment, CancellationToken cancellationToken)
    {
        if (_rows.Count > 0)
        {
            await UploadAsync(tombstones: null, cancellationToken);
        }

        _segments.Add(segment);
        RowsWritten += segment.Rows;
    }

    /// <summary>Uploads the last part (with the tombstones) and returns the new segment list in id order.</summary>
    public async Task<List<SegmentInfo>> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_rows.Count > 0 || _tombstones.Count > 0)
        {
            await UploadAsync(_tombstones, cancellationToken);
        }

        return _segments;
    }

    private async Task UploadAsync(IReadOnlyList<LogRecord>? tombstones, CancellationToken cancellationToken)
    {
        (ReadOnlyMemory<byte> bytes, SegmentLayout layout) = SegmentCodec.Encode(_rows, dimensions, tombstones, _encoded);
        string name = BlobLayout.Segment(collection, generation, _segments.Count);
        Response<BlobContentInfo> uploaded = await storage.Container.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(bytes),
            new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
            cancellationToken);
        var segment = new SegmentInfo(name, uploaded.Value.ETag.ToString(), layout);
        _segments.Add(segment);
        _uploaded.Add(segment);
        _rows.Clear();
        TransientMemory.CollectInBackground();
    }
}
