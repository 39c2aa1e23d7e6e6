namespace Vectron.Index.Search;

/// <summary>A block to search and, optionally, which of its rows are live (not deleted or superseded). Rows at
/// or past <c>LiveRows.Length</c> count as live, so rows appended after the bitmap was built are searched.</summary>
public readonly record struct SearchBlock(VectorBlock Block, RowBitmap? LiveRows = null);
