namespace Vectron.Testing;

/// <summary>The Azurite instance that `npm test` started for this run.</summary>
internal static class TestStorage
{
    public const string ConnectionStringVariable = "VECTRON_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable)
        ?? throw new InvalidOperationException(
            $"{ConnectionStringVariable} is not set. Run the tests with `npm test`, which starts Azurite and sets it.");

    /// <summary>A container name no other test uses, so tests never see each other's data.</summary>
    public static string UniqueContainerName(string prefix = "t") =>
        $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
}
