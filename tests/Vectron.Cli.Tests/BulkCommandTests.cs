using Vectron.Cli;

namespace Vectron.Cli.Tests;

public sealed class BulkCommandTests
{
    [Fact]
    public void Parse_MinimalArguments_UsesDefaultsAndTheKeyFromTheEnvironment()
    {
        BulkCommand command = BulkCommand.Parse(["bulk", "docs", "data.ndjson"], name => name == BulkCommand.KeyVariable ? "env-key" : null);

        Assert.Equal(("docs", "data.ndjson", new Uri(BulkCommand.DefaultUrl), "env-key", false), (command.Collection, command.File, command.BaseUrl, command.Key, command.Gzip));
        Assert.Equal(TimeSpan.FromMilliseconds(500), command.PollInterval);
    }

    [Fact]
    public void Parse_EveryOption_InAnyOrder()
    {
        BulkCommand command = BulkCommand.Parse(["bulk", "--gzip", "docs", "--url", "https://x.example/base", "data.ndjson", "--key", "k1", "--poll-ms", "75"], _ => "env-key");

        Assert.Equal(("docs", "data.ndjson", "https://x.example/base", "k1", true), (command.Collection, command.File, command.BaseUrl.AbsoluteUri, command.Key, command.Gzip));
        Assert.Equal(TimeSpan.FromMilliseconds(75), command.PollInterval);
    }

    [Theory]
    [InlineData("upload docs f", "only command")]
    [InlineData("bulk docs", "collection name and a file")]
    [InlineData("bulk docs f extra", "collection name and a file")]
    [InlineData("bulk docs f --url", "--url needs a value")]
    [InlineData("bulk docs f --url ftp://x", "not an http(s) address")]
    [InlineData("bulk docs f --poll-ms 10", "--poll-ms")]
    [InlineData("bulk docs f --poll-ms x", "--poll-ms")]
    [InlineData("bulk docs f --verbose", "Unknown option --verbose")]
    public void Parse_BadArguments_ThrowUsageSayingWhy(string line, string reason)
    {
        var error = Assert.Throws<UsageException>(() => BulkCommand.Parse(line.Split(' '), _ => null));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
