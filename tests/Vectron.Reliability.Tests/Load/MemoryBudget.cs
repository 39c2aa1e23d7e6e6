namespace Vectron.Reliability.Tests.Load;

/// <summary>
/// The memory promise: the service's resident memory stays under the configured query-cache budget plus the
/// embedding model plus this overhead (docs/reliability.md, "Memory", says what the overhead covers and how it was
/// measured).
/// </summary>
internal static class MemoryBudget
{
    /// <summary>The cache budget the load test configures (<c>Vectron__CacheMegabytes</c>): holds 100k 384-d vectors.</summary>
    public const int CacheMegabytes = 256;

    /// <summary>
    /// The .NET runtime, ASP.NET Core, ONNX Runtime's own buffers, the GC's headroom, the ids and versions of every
    /// row (held outside the cache) and request buffers under 64 connections. Measured about 370 MB at CI scale.
    /// </summary>
    public const long OverheadBytes = 512L * 1024 * 1024;

    /// <summary>The bundled model as the service loads it (its output folder).</summary>
    public static long ModelBytes()
    {
        string models = Path.Combine(Path.GetDirectoryName(Infrastructure.RepositoryPaths.ServiceAssembly)!, "models");
        return Directory.EnumerateFiles(models, "*.onnx", SearchOption.AllDirectories).Sum(file => new FileInfo(file).Length);
    }

    public static long LimitBytes() => CacheMegabytes * 1024L * 1024 + ModelBytes() + OverheadBytes;
}
