using System.Text;

namespace Vectron.Index.Embedding;

/// <summary>The word pieces of one text, [CLS] and [SEP] included, and whether the text was cut to fit the window.</summary>
internal readonly record struct TokenizedText(int[] Ids, bool Truncated);

/// <summary>
/// BERT uncased tokenization exactly as sentence-transformers (Hugging Face tokenizers) does it: special tokens
/// matched verbatim in the raw text, <see cref="BertNormalizer"/>, the BERT pre-tokenizer (split on whitespace, every
/// punctuation character a word of its own) and greedy longest-match WordPiece; then [CLS] ... [SEP], cut to the
/// window by word pieces (a word may be cut), [SEP] kept. Thread-safe.
/// </summary>
internal sealed class BertWordPieceTokenizer
{
    /// <summary>Longer words become one [UNK] (Hugging Face's max_input_chars_per_word, counted in Unicode scalars).</summary>
    public const int MaxWordLength = 100;

    private readonly WordPieceVocabulary _vocabulary;
    private readonly BertNormalizer _normalizer;
    private readonly (string Token, int Id)[] _specialTokens;

    public BertWordPieceTokenizer(WordPieceVocabulary vocabulary, bool lowerCase, bool stripAccents, int maxTokens)
    {
        _vocabulary = vocabulary;
        _normalizer = new BertNormalizer(lowerCase, stripAccents);
        MaxTokens = maxTokens;
        _specialTokens = WordPieceVocabulary.SpecialTokens
            .Select(token => vocabulary.TryGetSpecial(token, out var id) ? (token, id) : throw new InvalidOperationException(token))
            .ToArray();
    }

    public int MaxTokens { get; }

    public TokenizedText Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var limit = MaxTokens - 2;
        var ids = new List<int>(Math.Min(limit + 1, text.Length / 3 + 4)) { _vocabulary.ClassifierId };
        var remaining = text.AsSpan();

        // One piece past the limit is enough to know the text was truncated, so the loop stops there.
        while (!remaining.IsEmpty && ids.Count <= limit + 1)
        {
            var (index, length, specialId) = FindSpecialToken(remaining);
            AddOrdinaryText(remaining[..index], ids, limit + 2);
            if (length == 0)
            {
                break;
            }

            ids.Add(specialId);
            remaining = remaining[(index + length)..];
        }

        var truncated = ids.Count > limit + 1;
        if (truncated)
        {
            ids.RemoveRange(limit + 1, ids.Count - (limit + 1));
        }

        ids.Add(_vocabulary.SeparatorId);
        return new TokenizedText([.. ids], truncated);
    }

    /// <summary>Leftmost special token, the longest one when several start there; length 0 when there is none.</summary>
    private (int Index, int Length, int Id) FindSpecialToken(ReadOnlySpan<char> text)
    {
        var searchFrom = 0;
        while (true)
        {
            var bracket = text[searchFrom..].IndexOf('[');
            if (bracket < 0)
            {
                return (text.Length, 0, 0);
            }

            var at = searchFrom + bracket;
            (int Length, int Id) best = (0, 0);
            foreach (var (token, id) in _specialTokens)
            {
                if (token.Length > best.Length && text[at..].StartsWith(token, StringComparison.Ordinal))
                {
                    best = (token.Length, id);
                }
            }

            if (best.Length > 0)
            {
                return (at, best.Length, best.Id);
            }

            searchFrom = at + 1;
        }
    }

    private void AddOrdinaryText(ReadOnlySpan<char> text, List<int> ids, int stopAt)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var normalized = _normalizer.Normalize(text).AsSpan();
        var wordStart = -1;
        var index = 0;
        while (index < normalized.Length && ids.Count < stopAt)
        {
            Rune.DecodeFromUtf16(normalized[index..], out var rune, out var width);
            var isSpace = BertNormalizer.IsWhitespace(rune);
            var isPunctuation = !isSpace && IsPunctuation(rune);
            if (isSpace || isPunctuation)
            {
                if (wordStart >= 0)
                {
                    AddWord(normalized[wordStart..index], ids);
                    wordStart = -1;
                }

                if (isPunctuation)
                {
                    AddWord(normalized.Slice(index, width), ids);
                }
            }
            else if (wordStart < 0)
            {
                wordStart = index;
            }

            index += width;
        }

        if (wordStart >= 0 && ids.Count < stopAt)
        {
            AddWord(normalized[wordStart..], ids);
        }
    }

    /// <summary>Greedy longest-match-first WordPiece; a word with any unmatched rest is a single [UNK].</summary>
    private void AddWord(ReadOnlySpan<char> word, List<int> ids)
    {
        if (CountRunes(word) > MaxWordLength)
        {
            ids.Add(_vocabulary.UnknownId);
            return;
        }

        var firstPiece = ids.Count;
        var start = 0;
        while (start < word.Length)
        {
            var end = word.Length;
            var found = false;
            while (start < end)
            {
                if (_vocabulary.TryGetPiece(word[start..end], continuation: start > 0, out var id))
                {
                    ids.Add(id);
                    found = true;
                    break;
                }

                end -= end - 2 >= start && char.IsLowSurrogate(word[end - 1]) && char.IsHighSurrogate(word[end - 2]) ? 2 : 1;
            }

            if (!found)
            {
                ids.RemoveRange(firstPiece, ids.Count - firstPiece);
                ids.Add(_vocabulary.UnknownId);
                return;
            }

            start = end;
        }
    }

    /// <summary>BERT punctuation: every ASCII punctuation or symbol character, and the Unicode P* categories.</summary>
    private static bool IsPunctuation(Rune rune)
    {
        if (rune.IsAscii)
        {
            return char.IsAsciiLetterOrDigit((char)rune.Value) is false && rune.Value is > 0x20 and < 0x7F;
        }

        return Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.ConnectorPunctuation
            or System.Globalization.UnicodeCategory.DashPunctuation
            or System.Globalization.UnicodeCategory.OpenPunctuation
            or System.Globalization.UnicodeCategory.ClosePunctuation
            or System.Globalization.UnicodeCategory.InitialQuotePunctuation
            or System.Globalization.UnicodeCategory.FinalQuotePunctuation
            or System.Globalization.UnicodeCategory.OtherPunctuation;
    }

    private static int CountRunes(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var unused in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
