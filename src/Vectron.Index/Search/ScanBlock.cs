namespace Vectron.Index.Search;

/// <summary>A block as a search scans it: its first <paramref name="RowCount"/> rows (read once, at the start).</summary>
/// <param name="Index">The block's position in the search's <see cref="SearchBlock"/> list.</param>
/// <param name="Selected">Rows that may be returned; <c>null</c> when all may.</param>
internal readonly record struct ScanBlock(VectorBlock Block, int Index, int RowCount, RowBitmap? Selected);
