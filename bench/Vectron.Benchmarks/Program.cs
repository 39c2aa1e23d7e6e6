using BenchmarkDotNet.Running;
using Vectron.Benchmarks.Ingestion;
using Vectron.Benchmarks.Query;
using Vectron.Benchmarks.Search;

if (args is [SideBySideRunner.Command, .. var rest])
{
    return SideBySideRunner.Run(rest);
}

if (args is [ColdStartRunner.Command, .. var coldStart])
{
    return await ColdStartRunner.RunAsync(coldStart);
}

if (args is [BulkPhaseRunner.Command, .. var phases])
{
    return await BulkPhaseRunner.RunAsync(phases);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
