using Microsoft.Extensions.Options;
using Vectron.Index.Search;

namespace Vectron.Index.Query;

/// <summary>Settings of the query service. Validated once at start-up with <see cref="Validate"/>.</summary>
public sealed class QueryOptions
{
    private const long BytesPerMegabyte = 1024 * 1024;

    /// <summary>
    /// The segment cache's byte budget (vector blocks, filter metadata, document offsets). Default 1 GiB. The same
    /// value as <see cref="CacheMegabytes"/>; set whichever is convenient.
    /// </summary>
    public long CacheBytes { get; set; } = 1024 * BytesPerMegabyte;

    /// <summary>The cache budget in MiB (the app setting <c>Vectron__CacheMegabytes</c>).</summary>
    public int CacheMegabytes
    {
        get => (int)Math.Min(int.MaxValue, CacheBytes / BytesPerMegabyte);
        set => CacheBytes = value * BytesPerMegabyte;
    }

    /// <summary>In <see cref="ConsistencyMode.Eventual"/>, how long an instance may answer without catching up with
    /// other writers. Default 1 s.</summary>
    public TimeSpan EventualInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether the cache holds segments' float32 vectors or only their codes. Default
    /// <see cref="CacheVectors.Auto"/>.</summary>
    public CacheVectors CacheVectors { get; set; } = CacheVectors.Auto;

    /// <summary>How a scan runs (mode, oversampling, threads per search).</summary>
    public SearchOptions Search { get; set; } = new();

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every setting out of range.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (CacheBytes < 0)
        {
            errors.Add("CacheBytes (CacheMegabytes) must not be negative.");
        }

        if (EventualInterval < TimeSpan.Zero)
        {
            errors.Add("EventualInterval must not be negative.");
        }

        if (!Enum.IsDefined(CacheVectors))
        {
            errors.Add("CacheVectors must be Auto, Always or Never.");
        }

        if (Search is null)
        {
            errors.Add("Search must be set.");
        }
        else
        {
            try
            {
                Search.Validate();
            }
            catch (ArgumentOutOfRangeException ex)
            {
                errors.Add(ex.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(QueryOptions), typeof(QueryOptions), errors);
        }
    }
}
