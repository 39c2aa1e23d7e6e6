using System.Security.Cryptography;
using System.Xml.Linq;
using Vectron.Index.Embedding;

namespace Vectron.Index.Tests.Embedding;

public sealed class BundledModelTests
{
    [Theory]
    [InlineData("model.onnx", "VectronBundledModelSha256")]
    [InlineData("vocab.txt", "VectronBundledVocabSha256")]
    public async Task BuildOutput_ExtractedFile_HashMatchesBundledModelTargets(string fileName, string hashProperty)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "models", EmbeddingOptions.BundledModelId, fileName);
        await using var stream = File.OpenRead(path);

        var actual = Convert.ToHexString(await SHA256.HashDataAsync(stream));

        Assert.Equal(ExpectedHash(hashProperty), actual, ignoreCase: true);
    }

    private static string ExpectedHash(string property)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vectron.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var targets = XDocument.Load(Path.Combine(directory.FullName, "src", "Vectron.Index", "Embedding", "BundledModel.targets"));
        return targets.Descendants(property).Single().Value;
    }
}
