namespace Vectron.Index.Query;

/// <summary>What a hit carries besides id and score.</summary>
[Flags]
public enum QueryInclude
{
    None = 0,
    Metadata = 1,
    Text = 2,
    Vector = 4,
}
