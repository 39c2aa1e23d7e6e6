using System.Globalization;
using Vectron.Functions.Http;
using Vectron.Index.Collections;

namespace Vectron.Functions.Embed;

/// <summary>Body of <c>POST /api/embed</c>: <c>{"texts": ["...", ...]}</c>.</summary>
public sealed class EmbedRequest
{
    public IReadOnlyList<string?>? Texts { get; init; }

    /// <summary>The texts, checked against <see cref="ApiLimits"/>; throws naming the first offending field.</summary>
    public IReadOnlyList<string> ValidatedTexts()
    {
        const string field = "texts";
        if (Texts is null || Texts.Count == 0)
        {
            throw new VectronValidationException(field, "Give at least one text.");
        }

        if (Texts.Count > ApiLimits.MaxTextsPerEmbedRequest)
        {
            throw new VectronValidationException(field, $"Give at most {ApiLimits.MaxTextsPerEmbedRequest} texts per request; this one has {Texts.Count}.");
        }

        var texts = new string[Texts.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            var text = Texts[i];
            var itemField = string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]");
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new VectronValidationException(itemField, "A text must not be null, empty or only white space.");
            }

            // The same text limit as a stored document's: whatever can be stored can be embedded.
            DocumentRules.ValidateText(text, itemField);
            texts[i] = text;
        }

        return texts;
    }
}
