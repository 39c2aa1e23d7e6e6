using System.Globalization;
using System.Text;

namespace Vectron.Index.Embedding;

/// <summary>
/// BERT text normalisation as Hugging Face tokenizers does it (BertNormalizer): drop NUL, U+FFFD and control, format,
/// private-use and surrogate characters; map whitespace to a space; put spaces around CJK ideographs; optionally NFD
/// and drop non-spacing marks; optionally lower-case. Works per Unicode scalar, so astral characters are one unit.
/// </summary>
internal sealed class BertNormalizer(bool lowerCase, bool stripAccents)
{
    public string Normalize(ReadOnlySpan<char> text)
    {
        var cleaned = new StringBuilder(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is 0 or 0xFFFD || IsControl(rune))
            {
                continue;
            }

            if (IsWhitespace(rune))
            {
                cleaned.Append(' ');
            }
            else if (IsCjkIdeograph(rune.Value))
            {
                cleaned.Append(' ').Append(rune.ToString()).Append(' ');
            }
            else
            {
                AppendRune(cleaned, rune);
            }
        }

        var result = cleaned.ToString();
        if (!stripAccents && !lowerCase)
        {
            return result;
        }

        if (stripAccents)
        {
            result = result.Normalize(NormalizationForm.FormD);
        }

        var output = new StringBuilder(result.Length);
        foreach (var rune in result.EnumerateRunes())
        {
            if (stripAccents && Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            AppendRune(output, lowerCase ? Rune.ToLowerInvariant(rune) : rune);
        }

        return output.ToString();
    }

    /// <summary>Rust's <c>char::is_whitespace</c> (the Unicode White_Space property) plus tab, newline and CR.</summary>
    public static bool IsWhitespace(Rune rune) => rune.Value switch
    {
        >= 0x09 and <= 0x0D or 0x20 or 0x85 or 0xA0 or 0x1680 or (>= 0x2000 and <= 0x200A)
            or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>
    /// Control in the BERT sense: categories Cc, Cf, Co, Cs, except tab, newline and CR, which are whitespace. Unassigned
    /// code points (Cn) are kept: the reference's category tables have no Cn entries, so it keeps them too (measured).
    /// </summary>
    private static bool IsControl(Rune rune)
    {
        if (rune.Value is '\t' or '\n' or '\r')
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;
    }

    /// <summary>The CJK Unified Ideographs blocks BERT treats as one-character words (not Hangul, kana or CJK punctuation).</summary>
    private static bool IsCjkIdeograph(int codePoint) => codePoint switch
    {
        >= 0x4E00 and <= 0x9FFF => true,
        >= 0x3400 and <= 0x4DBF => true,
        >= 0x20000 and <= 0x2A6DF => true,
        >= 0x2A700 and <= 0x2B73F => true,
        >= 0x2B740 and <= 0x2B81F => true,
        >= 0x2B920 and <= 0x2CEAF => true,
        >= 0xF900 and <= 0xFAFF => true,
        >= 0x2F800 and <= 0x2FA1F => true,
        _ => false,
    };

    private static void AppendRune(StringBuilder builder, Rune rune)
    {
        Span<char> buffer = stackalloc char[2];
        builder.Append(buffer[..rune.EncodeToUtf16(buffer)]);
    }
}
