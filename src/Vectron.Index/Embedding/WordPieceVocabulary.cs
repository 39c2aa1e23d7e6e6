namespace Vectron.Index.Embedding;

/// <summary>A WordPiece vocabulary (vocab.txt, one token per line, id = line number) with span lookups.</summary>
internal sealed class WordPieceVocabulary
{
    public const string ContinuationPrefix = "##";
    public const string UnknownToken = "[UNK]";
    public const string ClassifierToken = "[CLS]";
    public const string SeparatorToken = "[SEP]";
    public const string PaddingToken = "[PAD]";
    public const string MaskToken = "[MASK]";

    /// <summary>Matched verbatim in the raw text before normalisation, as the model's tokenizer.json declares them.</summary>
    public static readonly string[] SpecialTokens = [PaddingToken, UnknownToken, ClassifierToken, SeparatorToken, MaskToken];

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordStarts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuations;

    private WordPieceVocabulary(Dictionary<string, int> wordStarts, Dictionary<string, int> continuations)
    {
        _wordStarts = wordStarts.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
        UnknownId = wordStarts[UnknownToken];
        ClassifierId = wordStarts[ClassifierToken];
        SeparatorId = wordStarts[SeparatorToken];
        PaddingId = wordStarts[PaddingToken];
    }

    public int UnknownId { get; }

    public int ClassifierId { get; }

    public int SeparatorId { get; }

    public int PaddingId { get; }

    public int Count => _wordStarts.Dictionary.Count + _continuations.Dictionary.Count;

    public static WordPieceVocabulary Load(string path)
    {
        var wordStarts = new Dictionary<string, int>(StringComparer.Ordinal);
        var continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        var id = 0;
        foreach (var line in File.ReadLines(path))
        {
            // A repeated line overwrites the earlier id, as Hugging Face's vocab loading does.
            if (line.StartsWith(ContinuationPrefix, StringComparison.Ordinal) && line.Length > ContinuationPrefix.Length)
            {
                continuations[line[ContinuationPrefix.Length..]] = id;
            }
            else
            {
                wordStarts[line] = id;
            }

            id++;
        }

        foreach (var special in SpecialTokens)
        {
            if (!wordStarts.ContainsKey(special))
            {
                throw new EmbeddingModelException(path, $"The vocabulary has no {special} token; it is not a BERT WordPiece vocabulary");
            }
        }

        return new WordPieceVocabulary(wordStarts, continuations);
    }

    public bool TryGetSpecial(string token, out int id) => _wordStarts.Dictionary.TryGetValue(token, out id);

    /// <summary>Looks up a piece; <paramref name="continuation"/> means it follows another piece of the same word (the ## form).</summary>
    public bool TryGetPiece(ReadOnlySpan<char> piece, bool continuation, out int id) =>
        (continuation ? _continuations : _wordStarts).TryGetValue(piece, out id);
}
