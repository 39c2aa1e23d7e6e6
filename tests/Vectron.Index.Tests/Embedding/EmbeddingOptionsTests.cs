using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vectron.Index.Embedding;

namespace Vectron.Index.Tests.Embedding;

public sealed class EmbeddingOptionsTests
{
    [Fact]
    public void Constructor_MissingModelFile_ThrowsValidationNamingPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vectron-missing-{Guid.NewGuid():N}", "model.onnx");

        var exception = Assert.Throws<OptionsValidationException>(() => new OnnxEmbeddingGenerator(new EmbeddingOptions { ModelPath = path }));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(EmbeddingOptions.ModelPath), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_FileIsNotAnOnnxModel_ThrowsEmbeddingModelException()
    {
        var notAModel = new EmbeddingOptions().ResolvedVocabularyPath;

        var exception = Assert.Throws<EmbeddingModelException>(() => new OnnxEmbeddingGenerator(new EmbeddingOptions { ModelPath = notAModel }));

        Assert.Equal(notAModel, exception.Path);
    }

    [Fact]
    public async Task Constructor_ExplicitPathsToCopiedModel_SameVectorsAsBundled()
    {
        var bundled = new EmbeddingOptions();
        var directory = Directory.CreateTempSubdirectory("vectron-model-");
        try
        {
            var modelPath = Path.Combine(directory.FullName, "custom.onnx");
            var vocabularyPath = Path.Combine(directory.FullName, "custom-vocab.txt");
            File.Copy(bundled.ResolvedModelPath, modelPath);
            File.Copy(bundled.ResolvedVocabularyPath, vocabularyPath);
            using var custom = new OnnxEmbeddingGenerator(new EmbeddingOptions { ModelPath = modelPath, VocabularyPath = vocabularyPath, ModelId = "custom" });
            using var standard = new OnnxEmbeddingGenerator(bundled);

            var expected = await standard.GenerateVectorAsync("A configured model path is honoured.");
            var actual = await custom.GenerateAsync(["A configured model path is honoured."]);

            Assert.Equal(expected.ToArray(), actual[0].Vector.ToArray());
            Assert.Equal("custom", actual[0].ModelId);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(2, 32, 4)]
    [InlineData(256, 0, 4)]
    [InlineData(256, 32, 0)]
    public void Validate_OutOfRangeNumbers_Fails(int maxTokens, int maxBatchSize, int threads)
    {
        var result = new EmbeddingOptionsValidator().Validate(null, new EmbeddingOptions { MaxTokens = maxTokens, MaxBatchSize = maxBatchSize, IntraOpThreads = threads });

        Assert.True(result.Failed);
        Assert.Single(result.Failures);
    }

    [Fact]
    public void Validate_UndefinedPrecision_FailsNamingTheChoices()
    {
        var result = new EmbeddingOptionsValidator().Validate(null, new EmbeddingOptions { Precision = (EmbeddingPrecision)7 });

        Assert.True(result.Failed);
        Assert.Contains(nameof(EmbeddingPrecision.Int8), Assert.Single(result.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_SucceedWithBundledFiles()
    {
        Assert.True(new EmbeddingOptionsValidator().Validate(null, new EmbeddingOptions()).Succeeded);
    }

    [Fact]
    public async Task AddVectronEmbedding_InvalidModelPath_FailsStartupValidation()
    {
        const string path = "/nonexistent/vectron/model.onnx";
        using var provider = new ServiceCollection().AddVectronEmbedding(o => o.ModelPath = path).BuildServiceProvider();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync());

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddVectronEmbedding_Default_OneSingletonForBothServiceTypes()
    {
        using var provider = new ServiceCollection().AddVectronEmbedding(o => o.MaxBatchSize = 8).BuildServiceProvider();
        await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.Same(provider.GetRequiredService<OnnxEmbeddingGenerator>(), generator);
        Assert.Same(generator, provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }
}
