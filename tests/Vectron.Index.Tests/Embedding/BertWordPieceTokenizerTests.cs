using Vectron.Index.Embedding;

namespace Vectron.Index.Tests.Embedding;

public sealed class BertWordPieceTokenizerTests
{
    private static readonly Lazy<BertWordPieceTokenizer> Tokenizer = new(() =>
    {
        var options = new EmbeddingOptions();
        return new BertWordPieceTokenizer(WordPieceVocabulary.Load(options.ResolvedVocabularyPath), lowerCase: true, stripAccents: true, options.MaxTokens);
    });

    [Fact]
    public void Fixture_Loaded_HasEnoughCasesOfEveryKind()
    {
        var kinds = ReferenceFixture.Cases.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(ReferenceFixture.Cases.Count >= 500, $"{ReferenceFixture.Cases.Count} cases");
        Assert.True(kinds["corpus"] >= 400);
        Assert.True(kinds["hard"] >= 50);
        Assert.True(kinds["random"] >= 100);
        Assert.True(kinds["overlong"] >= 5);
    }

    [Theory]
    [InlineData("corpus")]
    [InlineData("overlong")]
    [InlineData("hard")]
    [InlineData("random")]
    public void Encode_ReferenceCases_EqualHuggingFaceIds(string kind)
    {
        var mismatches = new List<string>();
        foreach (var reference in ReferenceFixture.Cases.Where(c => c.Kind == kind))
        {
            var actual = Tokenizer.Value.Encode(reference.Text).Ids;
            if (!actual.SequenceEqual(reference.Ids))
            {
                mismatches.Add($"{reference}\n  expected {string.Join(' ', reference.Ids)}\n  actual   {string.Join(' ', actual)}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:\n{string.Join('\n', mismatches.Take(10))}");
    }

    [Fact]
    public void Encode_ReferenceCases_TruncatedExactlyWhenLongerThanWindow()
    {
        foreach (var reference in ReferenceFixture.Cases)
        {
            var encoded = Tokenizer.Value.Encode(reference.Text);
            Assert.True(reference.UntruncatedLength > Tokenizer.Value.MaxTokens == encoded.Truncated, reference.ToString());
            Assert.True(encoded.Ids.Length <= Tokenizer.Value.MaxTokens, reference.ToString());
        }
    }

    [Fact]
    public void Encode_OverlongText_KeepsFullWindowEndingInSeparator()
    {
        var encoded = Tokenizer.Value.Encode(string.Join(' ', Enumerable.Repeat("tokenization", 400)));

        Assert.True(encoded.Truncated);
        Assert.Equal(Tokenizer.Value.MaxTokens, encoded.Ids.Length);
        Assert.Equal(101, encoded.Ids[0]);
        Assert.Equal(102, encoded.Ids[^1]);
    }

    [Theory]
    [InlineData("café naïve résumé", "cafe naive resume")]
    [InlineData("Ångström", "angstrom")]
    public void Encode_StripAccentsOption_DecidesWhetherAccentsMatter(string accented, string plain)
    {
        var vocabulary = WordPieceVocabulary.Load(new EmbeddingOptions().ResolvedVocabularyPath);
        var stripping = new BertWordPieceTokenizer(vocabulary, lowerCase: true, stripAccents: true, maxTokens: 64);
        var keeping = new BertWordPieceTokenizer(vocabulary, lowerCase: true, stripAccents: false, maxTokens: 64);

        Assert.Equal(stripping.Encode(plain).Ids, stripping.Encode(accented).Ids);
        Assert.NotEqual(keeping.Encode(plain).Ids, keeping.Encode(accented).Ids);
    }

    [Fact]
    public void Encode_LowerCaseOff_KeepsCase()
    {
        var vocabulary = WordPieceVocabulary.Load(new EmbeddingOptions().ResolvedVocabularyPath);
        var cased = new BertWordPieceTokenizer(vocabulary, lowerCase: false, stripAccents: false, maxTokens: 64);

        Assert.NotEqual(cased.Encode("the house").Ids, cased.Encode("THE HOUSE").Ids);
        Assert.Equal(Tokenizer.Value.Encode("the house").Ids, Tokenizer.Value.Encode("THE HOUSE").Ids);
    }

    [Fact]
    public void Encode_SpecialTokens_MatchedOnlyVerbatim()
    {
        Assert.Equal([101, 103, 102], Tokenizer.Value.Encode("[MASK]").Ids);
        Assert.DoesNotContain(103, Tokenizer.Value.Encode("[mask] [Mask]").Ids);
    }
}
