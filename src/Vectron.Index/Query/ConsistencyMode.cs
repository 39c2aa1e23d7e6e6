namespace Vectron.Index.Query;

/// <summary>How fresh a query's answer must be.</summary>
public enum ConsistencyMode
{
    /// <summary>Catch up with every writer before the query: every write acknowledged before it is seen.</summary>
    Strong = 0,

    /// <summary>Catch up at most every <see cref="QueryOptions.EventualInterval"/>; a warm query then needs no
    /// storage round trip.</summary>
    Eventual = 1,
}
