namespace Vectron.Index.Search;

/// <summary>One ranked result: the document id, its score (cosine similarity) and where its row is, so metadata
/// and text can be read afterwards.</summary>
/// <param name="BlockIndex">The index of the block in the list passed to the search.</param>
public readonly record struct SearchHit(string Id, float Score, VectorBlock Block, int BlockIndex, int Row);
