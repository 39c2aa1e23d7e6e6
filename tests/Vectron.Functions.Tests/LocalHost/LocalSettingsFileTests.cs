using Vectron.Functions.LocalHost;

namespace Vectron.Functions.Tests.LocalHost;

public sealed class LocalSettingsFileTests
{
    [Fact]
    public void ReadValues_SampleFile_TurnsDoubleUnderscoresIntoSections()
    {
        var directory = Directory.CreateTempSubdirectory("vectron-settings").FullName;
        try
        {
            File.Copy(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json"), Path.Combine(directory, LocalSettingsFile.FileName));

            var values = LocalSettingsFile.ReadValues(directory);

            Assert.Equal("UseDevelopmentStorage=true", values["Vectron:Storage"]);
            Assert.Equal("vectron", values["vectron:containername"]);
            Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
            Assert.DoesNotContain(values.Keys, k => k.Contains("__", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ReadValues_NoFile_IsEmpty()
    {
        var directory = Directory.CreateTempSubdirectory("vectron-settings").FullName;
        try
        {
            Assert.Empty(LocalSettingsFile.ReadValues(directory));
        }
        finally
        {
            Directory.Delete(directory);
        }
    }
}
