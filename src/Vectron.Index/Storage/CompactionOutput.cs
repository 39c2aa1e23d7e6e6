using Azure;
using Azure.Storage.Blobs.Models;

namespace Vectron.Index.Storage;

/// <summary>
/// The new segments of one compaction, written while the merged records arrive in ascending id order: a part is
/// uploaded once it holds <see cref="Collections.VectronStorageOptions.MaxSegmentRows"/> rows and another row
/// comes, so memory holds one part at a time; retained delete tombstones go in the last part.
/// </summary>
internal sealed class CompactionOutput(VectronStorage storage, string collection, long generation, int dimensions, DateTimeOffset now)
{
    private readonly List<LogRecord> _rows = [];
    private readonly List<LogRecord> _tombstones = [];
    private readonly List<SegmentInfo> _written = [];

    /// <summary>Upsert rows added so far.</summary>
    public int RowsWritten { get; private set; }

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

    /// <summary>Uploads the last part (with the tombstones) and returns every part in id order.</summary>
    public async Task<List<SegmentInfo>> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_rows.Count > 0 || _tombstones.Count > 0)
        {
            await UploadAsync(_tombstones, cancellationToken);
        }

        return _written;
    }

    private async Task UploadAsync(IReadOnlyList<LogRecord>? tombstones, CancellationToken cancellationToken)
    {
        (byte[] bytes, SegmentLayout layout) = SegmentCodec.Encode(_rows, dimensions, tombstones);
        string name = BlobLayout.Segment(collection, generation, _written.Count);
        Response<BlobContentInfo> uploaded = await storage.Container.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(bytes),
            new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
            cancellationToken);
        _written.Add(new SegmentInfo(name, uploaded.Value.ETag.ToString(), layout));
        _rows.Clear();
    }
}
