namespace Vectron.Reliability.Tests.Infrastructure;

/// <summary>Where the processes under test come from: the checkout these tests were built in.</summary>
internal static class RepositoryPaths
{
    /// <summary>The first folder above the test output that holds Vectron.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of this test run (the output folder's parent: bin/Release/net10.0).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The service, built with the same configuration (the project reference builds it first).</summary>
    public static string ServiceAssembly { get; } = Path.Combine(Root, "src", "Vectron.Functions", "bin", Configuration, "net10.0", "Vectron.Functions.dll");

    /// <summary>Azurite from node_modules (<c>npm install</c>).</summary>
    public static string AzuriteScript { get; } = Path.Combine(Root, "node_modules", "azurite", "dist", "src", "azurite.js");

    /// <summary>The load generator script (autocannon from node_modules).</summary>
    public static string LoadScript { get; } = Path.Combine(Root, "scripts", "reliability-load.mjs");

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
