using BenchmarkDotNet.Running;
using Vectron.Benchmarks.Search;

if (args is [SideBySideRunner.Command, .. var rest])
{
    return SideBySideRunner.Run(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
