using BenchmarkDotNet.Running;
using Vectron.Benchmarks.Embedding;
using Vectron.Benchmarks.Query;
using Vectron.Benchmarks.Search;

if (args is [SideBySideRunner.Command, .. var rest])
{
    return SideBySideRunner.Run(rest);
}

if (args is [EmbeddingInterleavedRunner.Command, .. var embedding])
{
    return EmbeddingInterleavedRunner.Run(embedding);
}

if (args is [ColdStartRunner.Command, .. var coldStart])
{
    return await ColdStartRunner.RunAsync(coldStart);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
