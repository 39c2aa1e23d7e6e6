using System.Text.Json;
using Vectron.Index.Search.Filters;

namespace Vectron.Index.Tests.Search;

public sealed class MetadataFilterTests
{
    [Fact]
    public void Matches_RandomFiltersAndMetadata_EqualsNaiveEvaluation()
    {
        var random = new Random(5000);
        int matched = 0, total = 0;
        for (int testCase = 0; testCase < 3000; testCase++)
        {
            FilterModel model = FilterCases.RandomFilter(random);
            string json = model.ToJson();
            MetadataFilter filter = MetadataFilter.Parse(json);
            for (int row = 0; row < 20; row++)
            {
                Dictionary<string, object?> values = FilterCases.RandomMetadataValues(random);
                bool expected = model.Evaluate(values);

                Assert.True(expected == filter.Matches(FilterCases.ToJson(values)), $"{json} on {JsonSerializer.Serialize(values)}");
                matched += expected ? 1 : 0;
                total++;
            }
        }

        // The generator must exercise both outcomes, or the comparison above proves little.
        Assert.InRange(matched, total / 20, total - (total / 20));
    }

    [Fact]
    public void Matches_NoMetadata_BehavesAsEmptyObject()
    {
        Assert.True(MetadataFilter.Parse("""{"tag":{"$ne":"a"}}""").Matches(default));
        Assert.False(MetadataFilter.Parse("""{"tag":"a"}""").Matches(default));
    }

    [Theory]
    [InlineData("""{"$and":[{"a":1},{"price":{"$gt":"x"}}]}""", "filter.$and[1].price.$gt")]
    [InlineData("""{"$foo":1}""", "filter.$foo")]
    [InlineData("""{"a":{"$bad":1}}""", "filter.a.$bad")]
    [InlineData("""{"a":[1,2]}""", "filter.a")]
    [InlineData("""{"a":{"$in":[1,{}]}}""", "filter.a.$in[1]")]
    [InlineData("""{"a":{"$in":3}}""", "filter.a.$in")]
    [InlineData("""{"$or":[]}""", "filter.$or")]
    [InlineData("""{"$or":[{"a":1},3]}""", "filter.$or[1]")]
    [InlineData("""{"a":{}}""", "filter.a")]
    [InlineData("""[1]""", "filter")]
    [InlineData("""{"a":""", "filter")]
    public void Parse_InvalidFilter_ThrowsNamingThePath(string json, string path)
    {
        var exception = Assert.Throws<InvalidFilterException>(() => MetadataFilter.Parse(json));

        Assert.Equal(path, exception.Path);
        Assert.StartsWith(path + ": ", exception.Message, StringComparison.Ordinal);
    }
}
