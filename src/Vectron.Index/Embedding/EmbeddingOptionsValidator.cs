using Microsoft.Extensions.Options;

namespace Vectron.Index.Embedding;

/// <summary>The one home of the rules for <see cref="EmbeddingOptions"/>, used at host start-up and by the generator.</summary>
public sealed class EmbeddingOptionsValidator : IValidateOptions<EmbeddingOptions>
{
    /// <summary>Smallest window that holds [CLS], one word piece and [SEP].</summary>
    public const int MinTokens = 3;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ModelId))
        {
            failures.Add("EmbeddingOptions.ModelId must not be empty.");
        }

        CheckFile(failures, nameof(EmbeddingOptions.ModelPath), options.ModelPath, options.ResolvedModelPath);
        CheckFile(failures, nameof(EmbeddingOptions.VocabularyPath), options.VocabularyPath, options.ResolvedVocabularyPath);
        if (options.MaxTokens < MinTokens)
        {
            failures.Add($"EmbeddingOptions.MaxTokens is {options.MaxTokens}; it must be at least {MinTokens}.");
        }

        if (options.MaxBatchSize < 1)
        {
            failures.Add($"EmbeddingOptions.MaxBatchSize is {options.MaxBatchSize}; it must be at least 1.");
        }

        if (options.IntraOpThreads is < 1)
        {
            failures.Add($"EmbeddingOptions.IntraOpThreads is {options.IntraOpThreads}; it must be at least 1 (or null for one per call).");
        }

        if (!Enum.IsDefined(options.Precision))
        {
            failures.Add($"EmbeddingOptions.Precision is {options.Precision}; it must be one of {string.Join(", ", Enum.GetNames<EmbeddingPrecision>())}.");
        }

        if ((options.StripAccents ?? options.LowerCase) && !CanDecompose())
        {
            failures.Add("EmbeddingOptions: accent stripping needs Unicode normalization (ICU), which this process lacks " +
                "(InvariantGlobalization is on); turn InvariantGlobalization off, or set StripAccents = false for a model that keeps accents.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> with every failure when <paramref name="options"/> is invalid.</summary>
    internal static void ThrowIfInvalid(EmbeddingOptions options)
    {
        var result = new EmbeddingOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(EmbeddingOptions), result.Failures);
        }
    }

    /// <summary>Under InvariantGlobalization string.Normalize leaves text unchanged, so accents would silently stay.</summary>
    private static bool CanDecompose() => "\u00e9".Normalize(System.Text.NormalizationForm.FormD).Length == 2;

    private static void CheckFile(List<string> failures, string property, string? configured, string resolved)
    {
        if (configured is not null && string.IsNullOrWhiteSpace(configured))
        {
            failures.Add($"EmbeddingOptions.{property} is blank; leave it null for the bundled model or give a file path.");
        }
        else if (!File.Exists(resolved))
        {
            failures.Add(configured is null
                ? $"EmbeddingOptions.{property}: the bundled file '{resolved}' is missing; the build extracts it (Vectron.Index BundledModel.targets), so build or publish the app rather than copying its DLLs."
                : $"EmbeddingOptions.{property}: no file at '{Path.GetFullPath(resolved)}'.");
        }
    }
}
