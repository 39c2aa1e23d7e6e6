using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Index.Ingestion;

/// <summary>
/// Packs documents into upsert batches that fit one log append (<see cref="LogFormat.MaxAppendBytes"/>, at most
/// <see cref="DocumentLimits.MaxDocumentsPerBatch"/>) and keeps one batch in flight while the caller prepares the
/// next (embedding overlaps the append).
/// </summary>
internal sealed class UpsertBatcher(IVectronCollections collections, string collection, CancellationToken cancellationToken)
{
    private List<DocumentUpsert> _batch = [];
    private int _batchBytes;
    private Task _inFlight = Task.CompletedTask;

    public int Written { get; private set; }

    /// <summary>Adds a document whose log frame takes <paramref name="frameBytes"/>.</summary>
    public async Task AddAsync(DocumentUpsert document, int frameBytes)
    {
        if (_batch.Count == DocumentLimits.MaxDocumentsPerBatch || _batchBytes + frameBytes > LogFormat.MaxAppendBytes)
        {
            await FlushAsync();
        }

        _batch.Add(document);
        _batchBytes += frameBytes;
    }

    /// <summary>Writes what is left and waits for every batch to land.</summary>
    public async Task CompleteAsync()
    {
        await FlushAsync();
        await _inFlight;
    }

    private async Task FlushAsync()
    {
        await _inFlight;
        if (_batch.Count == 0)
        {
            return;
        }

        List<DocumentUpsert> batch = _batch;
        _batch = [];
        _batchBytes = 0;
        _inFlight = WriteAsync(batch);
    }

    private async Task WriteAsync(List<DocumentUpsert> batch)
    {
        await collections.UpsertAsync(collection, batch, cancellationToken);
        Written += batch.Count;
    }
}
