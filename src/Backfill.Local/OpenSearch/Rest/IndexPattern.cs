namespace Backfill.Local.OpenSearch.Rest;

/// <summary>Index expressions as in <c>GET a,b*,-c/_count</c>: comma lists, '*' wildcards and '-' exclusions.</summary>
internal static class IndexPattern
{
    public static bool Matches(string pattern, string name)
    {
        // Classic glob over '*' only (OpenSearch's Regex.simpleMatch).
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = n; }
            else if (p < pattern.Length && pattern[p] == name[n]) { p++; n++; }
            else if (star >= 0) { p = star + 1; n = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    public static bool HasWildcard(string expression) => expression.Contains('*');

    /// <summary>
    /// Resolves an expression against <paramref name="names"/>. A concrete name that does not exist is returned in
    /// <paramref name="missing"/> (OpenSearch answers index_not_found_exception); wildcards may match nothing.
    /// </summary>
    public static List<string> Resolve(string expression, IEnumerable<string> names, out string? missing)
    {
        missing = null;
        var all = names.ToList();
        var result = new List<string>();
        if (expression is "" or "_all" or "*")
        {
            result.AddRange(all);
            return result;
        }
        foreach (var raw in expression.Split(','))
        {
            var part = raw.Trim();
            if (part.Length == 0) continue;
            if (part[0] == '-' && result.Count > 0)
            {
                var excluded = part[1..];
                result.RemoveAll(n => Matches(excluded, n));
                continue;
            }
            if (HasWildcard(part))
            {
                foreach (var n in all) if (Matches(part, n) && !result.Contains(n)) result.Add(n);
            }
            else if (all.Contains(part))
            {
                if (!result.Contains(part)) result.Add(part);
            }
            else
            {
                missing ??= part;
            }
        }
        return result;
    }
}
