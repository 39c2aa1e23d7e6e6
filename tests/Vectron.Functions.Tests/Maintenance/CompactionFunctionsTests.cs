using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Vectron.Functions.Maintenance;
using Vectron.Index.Collections;
using Vectron.Index.Storage;

namespace Vectron.Functions.Tests.Maintenance;

public sealed class CompactionFunctionsTests
{
    private readonly Mock<IVectronCollections> collections = new(MockBehavior.Strict);

    [Fact]
    public async Task CompactAsync_Timer_CompactsEveryDueCollection()
    {
        using var cancellation = new CancellationTokenSource();
        collections.Setup(c => c.CompactDueAsync(cancellation.Token)).ReturnsAsync(Array.Empty<CompactionResult>());

        await new CompactionFunctions(collections.Object, NullLogger<CompactionFunctions>.Instance).CompactAsync(new TimerInfo(), cancellation.Token);

        collections.Verify(c => c.CompactDueAsync(cancellation.Token), Times.Once);
    }

    [Fact]
    public async Task CompactAsync_StorageUnavailable_FailsTheRunForTheHostToLog()
    {
        collections.Setup(c => c.CompactDueAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new StorageUnavailableException("down"));

        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => new CompactionFunctions(collections.Object, NullLogger<CompactionFunctions>.Instance).CompactAsync(new TimerInfo(), CancellationToken.None));
    }

    [Fact]
    public void Schedule_IsAValidSixFieldCron()
    {
        var schedule = Vectron.Functions.LocalHost.TimerTriggerRunner.ParseSchedule(CompactionFunctions.Schedule);

        var next = schedule.GetNextOccurrence(new DateTime(2026, 1, 1, 0, 0, 1, DateTimeKind.Utc));
        Assert.Equal(new DateTime(2026, 1, 1, 0, 5, 0, DateTimeKind.Utc), next);
    }
}
