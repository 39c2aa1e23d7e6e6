namespace Vectron.Functions.Tests;

internal static class RepositoryPaths
{
    /// <summary>The checkout the tests were built from: the first folder above the test output holding Vectron.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vectron.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Vectron.sln not found above " + AppContext.BaseDirectory);
    }
}
