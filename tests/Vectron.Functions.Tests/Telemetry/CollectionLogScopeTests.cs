using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vectron.Functions.Hosting;
using Vectron.Index.Telemetry;

namespace Vectron.Functions.Tests.Telemetry;

public sealed class CollectionLogScopeTests
{
    [Fact]
    public void BeginCollectionScope_HttpRequest_ScopesCollectionAndTraceIdentifier()
    {
        var random = new Random(831);
        for (int i = 0; i < 8; i++)
        {
            var logger = new ScopeLogger();
            string collection = $"c{random.Next():x}";
            var context = new DefaultHttpContext { TraceIdentifier = $"0HN{random.Next():X}:{random.Next(100):D8}" };

            using (logger.BeginCollectionScope(collection, context.Request))
            {
                Assert.Equal(collection, logger.Field(TelemetryTags.Collection));
                Assert.Equal(context.TraceIdentifier, logger.Field(CollectionLogScope.RequestId));
            }

            Assert.Empty(logger.Scopes);
        }
    }

    [Fact]
    public void BeginCollectionScope_MessageId_ScopesThatId()
    {
        var logger = new ScopeLogger();
        string messageId = Guid.NewGuid().ToString();

        using (logger.BeginCollectionScope("docs", messageId))
        {
            Assert.Equal("docs", logger.Field(TelemetryTags.Collection));
            Assert.Equal(messageId, logger.Field(CollectionLogScope.RequestId));
        }
    }

    /// <summary>Keeps the open scopes' states, as a structured logging provider reads them.</summary>
    private sealed class ScopeLogger : ILogger
    {
        public List<object> Scopes { get; } = [];

        public object? Field(string name) => Scopes
            .OfType<IEnumerable<KeyValuePair<string, object?>>>()
            .SelectMany(s => s)
            .Single(f => f.Key == name).Value;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            Scopes.Add(state);
            return new Closer(() => Scopes.Remove(state));
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        private sealed class Closer(Action close) : IDisposable
        {
            public void Dispose() => close();
        }
    }
}
