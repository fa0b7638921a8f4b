namespace Backfill.Local.OpenSearch.Bulk;

/// <summary>
/// The part of OpenSearch's <c>filter_path</c> that matters for bulk responses: which top-level fields (took, errors,
/// items) and which item fields to write. Supported forms: <c>took</c>, <c>errors</c>, <c>items</c>,
/// <c>items.*.&lt;field&gt;</c> (or an action name instead of <c>*</c>). Anything else (exclusions, <c>**</c>) disables the
/// filter, so the response is complete rather than wrong.
/// </summary>
internal sealed class BulkResponseFilter
{
    private readonly HashSet<string>? _itemFields; // null: all item fields
    private BulkResponseFilter(bool took, bool errors, bool items, HashSet<string>? itemFields)
    {
        Took = took;
        Errors = errors;
        Items = items;
        _itemFields = itemFields;
    }

    public static BulkResponseFilter All { get; } = new(true, true, true, null);

    public bool Took { get; }
    public bool Errors { get; }
    public bool Items { get; }

    public bool Item(string field) => _itemFields is null || _itemFields.Contains(field);

    public static BulkResponseFilter Parse(string? filterPath)
    {
        if (string.IsNullOrWhiteSpace(filterPath)) return All;
        bool took = false, errors = false, items = false;
        HashSet<string>? fields = [];
        foreach (var raw in filterPath.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = raw.Split('.');
            if (raw.Contains("**") || raw.StartsWith('-')) return All;
            switch (parts[0])
            {
                case "took" when parts.Length == 1: took = true; break;
                case "errors" when parts.Length == 1: errors = true; break;
                case "items":
                    items = true;
                    if (parts.Length <= 2) fields = null; // every item field
                    else fields?.Add(parts[2]);
                    break;
                default: return All;
            }
        }
        return new BulkResponseFilter(took, errors, items, fields);
    }
}
