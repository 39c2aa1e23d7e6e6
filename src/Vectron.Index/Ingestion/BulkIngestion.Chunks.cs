using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.AI;
using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Index.Ingestion;

public sealed partial class BulkIngestion
{
    private static readonly byte[] BlankBytes = " \t\r"u8.ToArray();

    public async Task<BulkChunkResult> ProcessChunkAsync(BulkChunkMessage message, CancellationToken cancellationToken = default)
    {
        ValidateMessage(message);
        BlobClient markerBlob = Container.GetBlobClient(JobLayout.ChunkMarker(message.JobId, message.Chunk));
        if (await DownloadJsonAsync<ChunkMarker>(markerBlob, cancellationToken) is { } recorded)
        {
            return new BulkChunkResult(recorded.Written, recorded.BadLines, AlreadyRecorded: true);
        }

        await MarkStartedAsync(message.JobId, cancellationToken);
        CollectionInfo collection;
        try
        {
            collection = await _collections.GetAsync(message.Collection, cancellationToken);
        }
        catch (CollectionNotFoundException ex)
        {
            // Retrying cannot help; the chunk fails now instead of after every redelivery.
            await RecordChunkFailureAsync(message, ex.Message, cancellationToken);
            return new BulkChunkResult(0, 0, AlreadyRecorded: false);
        }

        BlobClient staging = Container.GetBlobClient(JobLayout.Staging(message.JobId));
        BlobDownloadResult data;
        try
        {
            data = await StorageFailures.GuardAsync(
                () => staging.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(message.Offset, message.Length) }, cancellationToken),
                cancellationToken);
        }
        catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex))
        {
            throw new BulkJobNotFoundException(message.JobId);
        }

        var errors = new LineErrors(Options.MaxReportedErrors);
        List<NdjsonLine> lines = ParseLines(data.Content.ToMemory(), message, errors);
        int written = await WriteAsync(collection, lines, errors, cancellationToken);
        var marker = new ChunkMarker(message.Chunk, Failed: false, written, errors.Count, errors.Kept, Error: null, message.FirstLine, message.Documents, Now);
        if (await TryRecordAsync(message, marker, cancellationToken))
        {
            return new BulkChunkResult(written, errors.Count, AlreadyRecorded: false);
        }

        // A concurrent delivery recorded first; its counts stand (the writes were the same documents).
        ChunkMarker? winner = await DownloadJsonAsync<ChunkMarker>(markerBlob, cancellationToken);
        return new BulkChunkResult(winner?.Written ?? written, winner?.BadLines ?? errors.Count, AlreadyRecorded: true);
    }

    public async Task RecordChunkFailureAsync(BulkChunkMessage message, string reason, CancellationToken cancellationToken = default)
    {
        ValidateMessage(message);
        ArgumentNullException.ThrowIfNull(reason);
        var marker = new ChunkMarker(message.Chunk, Failed: true, 0, 0, [], reason, message.FirstLine, message.Documents, Now);
        await TryRecordAsync(message, marker, cancellationToken);
    }

    private static void ValidateMessage(BulkChunkMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        JobLayout.ValidateJobId(message.JobId);
        CollectionName.Validate(message.Collection);
        if (message.Chunk < 0 || message.Offset < 0 || message.Length < 1 || message.FirstLine < 1)
        {
            throw new VectronValidationException("message", "A chunk message needs chunk >= 0, offset >= 0, length >= 1 and firstLine >= 1.");
        }
    }

    private async Task MarkStartedAsync(string jobId, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string> { [ChunkMarker.AtKey] = FormatTime(Now) };
        await UploadJsonAsync(Container.GetBlobClient(JobLayout.Started(jobId)), metadata, metadata, cancellationToken);
    }

    /// <summary>Creates the chunk's marker unless it has one; false when another outcome was recorded first.</summary>
    private Task<bool> TryRecordAsync(BulkChunkMessage message, ChunkMarker marker, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>
        {
            [ChunkMarker.FailedKey] = marker.Failed ? "true" : "false",
            [ChunkMarker.WrittenKey] = marker.Written.ToString(CultureInfo.InvariantCulture),
            [ChunkMarker.BadLinesKey] = marker.BadLines.ToString(CultureInfo.InvariantCulture),
            [ChunkMarker.FinishedAtKey] = FormatTime(marker.FinishedAt),
        };
        return UploadJsonAsync(Container.GetBlobClient(JobLayout.ChunkMarker(message.JobId, message.Chunk)), marker, metadata, cancellationToken);
    }

    /// <summary>Parses the chunk's non-blank lines; a bad line is reported and skipped.</summary>
    private static List<NdjsonLine> ParseLines(ReadOnlyMemory<byte> chunk, BulkChunkMessage message, LineErrors errors)
    {
        var lines = new List<NdjsonLine>(message.Documents);
        ReadOnlySpan<byte> rest = chunk.Span;
        long lineNumber = message.FirstLine;
        while (!rest.IsEmpty)
        {
            int newline = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? [] : rest[(newline + 1)..];
            if (line.IndexOfAnyExcept(BlankBytes) >= 0)
            {
                try
                {
                    lines.Add(NdjsonLine.Parse(line, lineNumber, message.JobId));
                }
                catch (VectronValidationException ex)
                {
                    errors.Add(lineNumber, ex);
                }
            }

            lineNumber++;
        }

        return lines;
    }

    /// <summary>Embeds texts window by window and writes every good line; returns how many were written.</summary>
    private async Task<int> WriteAsync(CollectionInfo collection, List<NdjsonLine> lines, LineErrors errors, CancellationToken cancellationToken)
    {
        int dimensions = collection.Settings.Dimensions;
        var batcher = new UpsertBatcher(_collections, collection.Name, cancellationToken);
        var texts = new List<string>(Options.EmbeddingBatchSize);
        for (int start = 0; start < lines.Count; start += Options.EmbeddingBatchSize)
        {
            int end = Math.Min(lines.Count, start + Options.EmbeddingBatchSize);
            texts.Clear();
            for (int i = start; i < end; i++)
            {
                if (lines[i].Vector is null)
                {
                    texts.Add(lines[i].Text!);
                }
            }

            GeneratedEmbeddings<Embedding<float>>? embeddings = texts.Count > 0 && _embedder is not null
                ? await EmbedAsync(_embedder, texts, cancellationToken)
                : null;
            int nextEmbedding = 0;
            for (int i = start; i < end; i++)
            {
                NdjsonLine line = lines[i];
                try
                {
                    ReadOnlyMemory<float> vector = line.Vector
                        ?? embeddings?[nextEmbedding++].Vector
                        ?? throw new VectronValidationException("text", "This deployment has no embedding model; send a vector.");
                    // Checked here so one bad line never fails a batch; UpsertAsync normalises it once.
                    VectorRules.Validate(vector.Span, dimensions, line.Vector is null ? "text" : "vector");
                    int frameBytes = LogRecordCodec.GetUpsertFrameSize(line.Id, dimensions, line.MetadataUtf8.Length, line.TextUtf8.Length);
                    await batcher.AddAsync(new DocumentUpsert(line.Id, vector, line.MetadataJson, line.Text), frameBytes);
                }
                catch (VectronValidationException ex)
                {
                    errors.Add(line.Line, ex);
                }
            }
        }

        await batcher.CompleteAsync();
        return batcher.Written;
    }

    private async Task<GeneratedEmbeddings<Embedding<float>>> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> embedder, List<string> texts, CancellationToken cancellationToken)
    {
        await _embedding.WaitAsync(cancellationToken);
        try
        {
            return await embedder.GenerateAsync(texts, cancellationToken: cancellationToken);
        }
        finally
        {
            _embedding.Release();
        }
    }
}
