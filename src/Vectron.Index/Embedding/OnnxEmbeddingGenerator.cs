using System.Buffers;
using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Vectron.Index.Telemetry;

namespace Vectron.Index.Embedding;

/// <summary>
/// Sentence embeddings computed in process by one shared ONNX Runtime session: exact BERT WordPiece tokenization,
/// batches sorted by length so padding stays small, inputs and outputs in pooled buffers, mean pooling over the
/// attention mask, L2 normalisation. The batches of a request run side by side, one per processor (each on one
/// intra-op thread unless <see cref="EmbeddingOptions.IntraOpThreads"/> says otherwise). Thread-safe; create one per
/// process (see <c>AddVectronEmbedding</c>).
/// Each embedding carries <c>AdditionalProperties["truncated"]</c> (bool) and <c>["tokenCount"]</c> (int, word pieces
/// fed to the model, [CLS] and [SEP] included).
/// </summary>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Key of the bool that says whether a text was cut to the model window.</summary>
    public const string TruncatedProperty = "truncated";

    /// <summary>Key of the int count of word pieces the model saw for a text, [CLS] and [SEP] included.</summary>
    public const string TokenCountProperty = "tokenCount";

    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";
    private const string HiddenStates = "last_hidden_state";

    /// <summary>Padded positions of a batch may exceed its real tokens by this factor (see <see cref="NextBatchLength"/>).</summary>
    private const double PaddingBudget = 1.1;

    private readonly InferenceSession _session;
    private readonly BertWordPieceTokenizer _tokenizer;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames = [HiddenStates];
    private readonly int _maxBatchSize;
    private readonly int _concurrentBatches;
    private readonly int _paddingId;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Loads the model and vocabulary named by <paramref name="options"/>.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid, e.g. no file at the model path.</exception>
    /// <exception cref="EmbeddingModelException">The files exist but are not a usable BERT-family model and vocabulary.</exception>
    public OnnxEmbeddingGenerator(EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EmbeddingOptionsValidator.ThrowIfInvalid(options);
        var modelPath = options.ResolvedModelPath;
        var vocabulary = WordPieceVocabulary.Load(options.ResolvedVocabularyPath);
        _tokenizer = new BertWordPieceTokenizer(vocabulary, options.LowerCase, options.StripAccents ?? options.LowerCase, options.MaxTokens);
        _paddingId = vocabulary.PaddingId;
        _maxBatchSize = options.MaxBatchSize;
        _concurrentBatches = ConcurrentBatches(options);
        ModelId = options.ModelId;
        MaxTokens = options.MaxTokens;

        _session = CreateSession(modelPath, options);
        try
        {
            var inputs = _session.InputMetadata;
            if (!inputs.ContainsKey(InputIds) || !inputs.ContainsKey(AttentionMask))
            {
                throw new EmbeddingModelException(modelPath, $"The model's inputs are [{string.Join(", ", inputs.Keys)}]; a BERT-family model needs {InputIds} and {AttentionMask}");
            }

            _inputNames = inputs.ContainsKey(TokenTypeIds) ? [InputIds, AttentionMask, TokenTypeIds] : [InputIds, AttentionMask];
            if (!_session.OutputMetadata.TryGetValue(HiddenStates, out var hidden) || hidden.Dimensions.Length != 3 || hidden.Dimensions[2] <= 0)
            {
                throw new EmbeddingModelException(modelPath, $"The model needs a {HiddenStates} output of shape [batch, tokens, dimensions]");
            }

            Dimensions = hidden.Dimensions[2];
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        _metadata = new EmbeddingGeneratorMetadata("vectron-onnx", providerUri: null, ModelId, Dimensions);
    }

    /// <summary>Length of every vector this generator returns.</summary>
    public int Dimensions { get; }

    /// <summary>The configured model id.</summary>
    public string ModelId { get; }

    /// <summary>The model window in word pieces, [CLS] and [SEP] included.</summary>
    public int MaxTokens { get; }

    /// <summary>What int8 quantization changed in the model; <see langword="null"/> at <see cref="EmbeddingPrecision.Float32"/>.</summary>
    internal QuantizationSummary? Quantization { get; private set; }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException"><paramref name="options"/> asks for another number of dimensions.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } requested && requested != Dimensions)
        {
            throw new NotSupportedException($"Model '{ModelId}' gives {Dimensions} dimensions; {requested} were requested.");
        }

        var started = Stopwatch.GetTimestamp();
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var tokenized = new TokenizedText[texts.Count];
        var lengths = new int[texts.Count];
        var order = new int[texts.Count];
        var totalTokens = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            tokenized[i] = _tokenizer.Encode(texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(values)));
            lengths[i] = tokenized[i].Ids.Length;
            order[i] = i;
            totalTokens += lengths[i];
        }

        // Sorted by length, consecutive texts are of similar length, so batches cut from the order carry little padding.
        // A request smaller than one batch per core is cut into that many, so every core has one to run.
        Array.Sort(lengths, order);
        var batchLimit = Math.Clamp((texts.Count + _concurrentBatches - 1) / _concurrentBatches, 1, _maxBatchSize);
        var batches = new List<(int Start, int Count)>();
        for (var start = 0; start < order.Length;)
        {
            var count = NextBatchLength(lengths.AsSpan(start), batchLimit);
            batches.Add((start, count));
            start += count;
        }

        var embeddings = new Embedding<float>[texts.Count];
        if (batches.Count == 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            EmbedBatch(tokenized, order, embeddings);
        }
        else
        {
            Parallel.ForEach(
                batches,
                new ParallelOptions { MaxDegreeOfParallelism = _concurrentBatches, CancellationToken = cancellationToken },
                batch => EmbedBatch(tokenized, order.AsSpan(batch.Start, batch.Count), embeddings));
        }

        EmbeddingTelemetry.Generated(texts.Count, totalTokens, started);
        var result = new GeneratedEmbeddings<Embedding<float>>(embeddings)
        {
            Usage = new UsageDetails { InputTokenCount = totalTokens, TotalTokenCount = totalTokens },
        };
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    // Batches run side by side, each on its own intra-op threads, until the processors are used once.
    private static int ConcurrentBatches(EmbeddingOptions options) => Math.Max(1, Environment.ProcessorCount / (options.IntraOpThreads ?? 1));

    /// <summary>The session settings of every generator (also used by the benchmark's bare session, for a fair floor).</summary>
    internal static SessionOptions CreateSessionOptions(EmbeddingOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads ?? 1,
            InterOpNumThreads = 1,
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");
        return sessionOptions;
    }

    /// <summary>The model's bytes as the session loads them: the file itself, or its int8 rewrite (see <see cref="OnnxInt8Quantizer"/>).</summary>
    internal static byte[] LoadModel(string modelPath, EmbeddingPrecision precision, out QuantizationSummary? quantization)
    {
        var model = File.ReadAllBytes(modelPath);
        quantization = null;
        if (precision != EmbeddingPrecision.Int8)
        {
            return model;
        }

        try
        {
            var quantized = OnnxInt8Quantizer.Quantize(model, out var summary);
            quantization = summary;
            return quantized;
        }
        catch (InvalidDataException exception)
        {
            throw new EmbeddingModelException(modelPath, $"The model cannot be quantized to int8: {exception.Message}", exception);
        }
    }

    private InferenceSession CreateSession(string modelPath, EmbeddingOptions options)
    {
        using var sessionOptions = CreateSessionOptions(options);
        try
        {
            // fp32 loads from the path, sparing a managed copy of the whole model.
            if (options.Precision == EmbeddingPrecision.Float32)
            {
                return new InferenceSession(modelPath, sessionOptions);
            }

            var model = LoadModel(modelPath, options.Precision, out var quantization);
            Quantization = quantization;
            return new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new EmbeddingModelException(modelPath, $"ONNX Runtime cannot load the model: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// How many of the next texts (lengths ascending) form one batch: up to <paramref name="maxBatchSize"/>, and only while padding
    /// stays within <see cref="PaddingBudget"/> of the real tokens. A padded position costs as much as a real one, and
    /// the fixed cost of one more Run call is small next to it (random English sentences: 2x to 2.6x fewer positions
    /// at 32 and 64 texts than one batch padded to the longest).
    /// </summary>
    private static int NextBatchLength(ReadOnlySpan<int> sortedLengths, int maxBatchSize)
    {
        var count = 1;
        long tokens = sortedLengths[0];
        while (count < maxBatchSize && count < sortedLengths.Length)
        {
            // Ascending order: the newcomer sets the padded width of the whole batch.
            var next = sortedLengths[count];
            if ((count + 1L) * next > (tokens + next) * PaddingBudget)
            {
                break;
            }

            tokens += next;
            count++;
        }

        return count;
    }

    private void EmbedBatch(TokenizedText[] tokenized, ReadOnlySpan<int> rows, Embedding<float>[] embeddings)
    {
        var sequence = 0;
        foreach (var row in rows)
        {
            sequence = Math.Max(sequence, tokenized[row].Ids.Length);
        }

        var cells = rows.Length * sequence;
        var ids = ArrayPool<long>.Shared.Rent(cells);
        var mask = ArrayPool<long>.Shared.Rent(cells);
        var types = ArrayPool<long>.Shared.Rent(cells);
        var hidden = ArrayPool<float>.Shared.Rent(cells * Dimensions);
        try
        {
            ids.AsSpan(0, cells).Fill(_paddingId);
            mask.AsSpan(0, cells).Clear();
            types.AsSpan(0, cells).Clear();
            for (var r = 0; r < rows.Length; r++)
            {
                var pieces = tokenized[rows[r]].Ids;
                for (var t = 0; t < pieces.Length; t++)
                {
                    ids[(r * sequence) + t] = pieces[t];
                    mask[(r * sequence) + t] = 1;
                }
            }

            long[] inputShape = [rows.Length, sequence];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, cells), inputShape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, cells), inputShape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, cells), inputShape);
            using var hiddenValue = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, hidden.AsMemory(0, cells * Dimensions), [rows.Length, sequence, Dimensions]);
            OrtValue[] inputs = _inputNames.Length == 3 ? [idsValue, maskValue, typesValue] : [idsValue, maskValue];
            using (var runOptions = new RunOptions())
            {
                _session.Run(runOptions, _inputNames, inputs, _outputNames, [hiddenValue]);
            }

            var states = hiddenValue.GetTensorDataAsSpan<float>();
            for (var r = 0; r < rows.Length; r++)
            {
                var text = tokenized[rows[r]];
                var vector = MeanPoolNormalized(states.Slice(r * sequence * Dimensions, text.Ids.Length * Dimensions));
                embeddings[rows[r]] = new Embedding<float>(vector)
                {
                    ModelId = ModelId,
                    AdditionalProperties = new AdditionalPropertiesDictionary
                    {
                        [TruncatedProperty] = text.Truncated,
                        [TokenCountProperty] = text.Ids.Length,
                    },
                };
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
            ArrayPool<long>.Shared.Return(types);
            ArrayPool<float>.Shared.Return(hidden);
        }
    }

    /// <summary>Mean of the token vectors of a text's own (unpadded) positions, scaled to unit length.</summary>
    private float[] MeanPoolNormalized(ReadOnlySpan<float> tokenStates)
    {
        var vector = new float[Dimensions];
        for (var offset = 0; offset < tokenStates.Length; offset += Dimensions)
        {
            TensorPrimitives.Add(vector, tokenStates.Slice(offset, Dimensions), vector);
        }

        // The mean's 1/n factor cancels in the normalisation, so dividing by the norm of the sum is enough.
        var norm = TensorPrimitives.Norm<float>(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }
}
