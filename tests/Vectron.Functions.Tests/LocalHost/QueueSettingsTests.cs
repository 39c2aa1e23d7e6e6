using Microsoft.Extensions.Configuration;
using Vectron.Functions.LocalHost;

namespace Vectron.Functions.Tests.LocalHost;

public sealed class QueueSettingsTests
{
    [Fact]
    public void WithOverrides_AppSettings_ReplaceOnlyTheNamedHostJsonValues()
    {
        var random = new Random(5);
        for (var round = 0; round < 50; round++)
        {
            var hostJson = new QueueSettings(random.Next(1, 33), TimeSpan.FromSeconds(random.Next(60)), random.Next(1, 10), TimeSpan.FromSeconds(random.Next(1, 60)));
            var expected = hostJson;
            var settings = new Dictionary<string, string?>();
            if (random.Next(2) == 0)
            {
                expected = expected with { BatchSize = random.Next(1, 33) };
                settings[$"{QueueSettings.OverrideSection}:batchSize"] = expected.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (random.Next(2) == 0)
            {
                expected = expected with { VisibilityTimeout = TimeSpan.FromMilliseconds(random.Next(10_000)) };
                settings[$"{QueueSettings.OverrideSection}:visibilityTimeout"] = expected.VisibilityTimeout.ToString();
            }

            if (random.Next(2) == 0)
            {
                expected = expected with { MaxDequeueCount = random.Next(1, 10) };
                settings[$"{QueueSettings.OverrideSection}:maxDequeueCount"] = expected.MaxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (random.Next(2) == 0)
            {
                expected = expected with { MaxPollingInterval = TimeSpan.FromMilliseconds(random.Next(1, 10_000)) };
                settings[$"{QueueSettings.OverrideSection}:maxPollingInterval"] = expected.MaxPollingInterval!.Value.ToString();
            }

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

            Assert.Equal(expected, hostJson.WithOverrides(configuration));
        }
    }
}
