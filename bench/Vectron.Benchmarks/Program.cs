using BenchmarkDotNet.Running;
using Vectron.Benchmarks.Api;
using Vectron.Benchmarks.Embedding;
using Vectron.Benchmarks.Ingestion;
using Vectron.Benchmarks.Query;
using Vectron.Benchmarks.Recall;
using Vectron.Benchmarks.Search;
using Vectron.Benchmarks.Storage;

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

if (args is [EmbedCorpusRunner.Command, .. var embedCorpus])
{
    return await EmbedCorpusRunner.RunAsync(embedCorpus);
}

if (args is [RecallRunner.Command, .. var recall])
{
    return RecallRunner.Run(recall);
}

if (args is [BlockSizeRunner.Command, .. var blockSizes])
{
    return BlockSizeRunner.Run(blockSizes);
}

if (args is [ThreadScalingRunner.Command, .. var scaling])
{
    return ThreadScalingRunner.Run(scaling);
}

if (args is [HttpLatencyRunner.Command, .. var latency])
{
    return await HttpLatencyRunner.RunAsync(latency);
}

if (args is [CompactionMemoryRunner.Command, .. var compactionMemory])
{
    return await CompactionMemoryRunner.RunAsync(compactionMemory);
}

if (args is [BulkPhaseRunner.Command, .. var phases])
{
    return await BulkPhaseRunner.RunAsync(phases);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
