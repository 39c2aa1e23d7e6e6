namespace Vectron.Index.Search;

/// <summary>What the first stage of a search found: the final ranking (<see cref="IsFinal"/>), or the fast mode's
/// candidates ranked by their codes, still to be scored in float32.</summary>
/// <param name="Rows">Best first.</param>
/// <param name="K">Hits the search returns at most.</param>
/// <param name="Mode">The mode that answers: <see cref="QueryMode.Exact"/> whenever every row was scored in float32.</param>
/// <param name="Path">The kernel path the search resolved, for the rescoring.</param>
internal sealed record CandidateSet(IReadOnlyList<ScoredRow> Rows, int K, bool IsFinal, QueryMode Mode, KernelPath Path)
{
    public SearchHit[] Hits(IReadOnlyList<SearchBlock> blocks)
    {
        var hits = new SearchHit[Math.Min(K, Rows.Count)];
        for (int i = 0; i < hits.Length; i++)
        {
            ScoredRow row = Rows[i];
            hits[i] = new SearchHit(row.Id, row.Score, blocks[row.BlockIndex].Block, row.BlockIndex, row.Row);
        }

        return hits;
    }
}
