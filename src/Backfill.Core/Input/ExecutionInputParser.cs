using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backfill.Core.Input;

/// <summary>
/// Reads an execution input document and checks it completely, reporting every problem with its JSON path
/// (e.g. <c>$.sources[1].url: scheme "gopher" is not supported (expected ftp, http, https, s3 or file)</c>).
/// Unknown fields are errors, so a typo never silently falls back to a default.
/// </summary>
public static partial class ExecutionInputParser
{
    private static readonly string[] TopFields = ["runId", "sources", "staging", "opensearch", "rerun"];
    private static readonly string[] SourceFields = ["name", "url", "credentials"];
    private static readonly string[] StagingFields = ["bucket", "root", "prefix", "chunkBytes", "chunkCompression", "endpoint", "region"];
    private static readonly string[] OpenSearchFields = ["endpoint", "pipeline", "indexPrefix", "auth", "bulkBytes", "bulkActions", "concurrency", "ingest", "gzip", "maxAttempts", "maxRetrySeconds", "senders"];
    private static readonly string[] AuthFields = ["type", "username", "passwordRef", "service", "region"];
    private static readonly string[] RerunFields = ["failedChunksKey", "previousRunId"];

    /// <summary>Parses UTF-8 JSON. <paramref name="document"/> names the file in messages; <paramref name="defaultRunId"/> is used when runId is absent (e.g. the execution name).</summary>
    public static ExecutionInput Parse(ReadOnlySpan<byte> utf8Json, string document = "input", string? defaultRunId = null, bool requireSources = true)
    {
        JsonDocument json;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            json = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new InputValidationException(document, [$"$: not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} ({FirstSentence(e.Message)})"]);
        }
        using (json) return Parse(json.RootElement, document, defaultRunId, requireSources);
    }

    /// <param name="requireSources">False for handler events that carry only part of the input (e.g. Summarize's runId and staging).</param>
    public static ExecutionInput Parse(JsonElement root, string document = "input", string? defaultRunId = null, bool requireSources = true)
    {
        var problems = new InputProblems();
        if (root.ValueKind != JsonValueKind.Object)
            throw new InputValidationException(document, [$"$: expected an object, found {InputProblems.Describe(root)}"]);
        problems.RejectUnknownFields(root, "$", TopFields);
        var top = new JsonFields(root, "$", problems);

        var runId = top.String("runId") ?? defaultRunId;
        if (runId is null) problems.Add("$.runId", "is required (expected a name such as \"nasa-1995\")");
        else CheckName(problems, "$.runId", runId);

        var sources = ReadSources(root, problems);
        var staging = ReadStaging(top, problems);
        var openSearch = ReadOpenSearch(top, problems);
        var rerun = ReadRerun(top, problems);
        if (requireSources && rerun is null && sources.Count == 0 && !problems.All.Any(p => p.StartsWith("$.sources", StringComparison.Ordinal)))
            problems.Add("$.sources", "must list at least one source (or give $.rerun to re-send failed chunks)");

        if (problems.Any) throw new InputValidationException(document, problems.All);
        return new ExecutionInput(runId!, sources, staging!, openSearch!, rerun);
    }

    private static List<SourceSpec> ReadSources(JsonElement root, InputProblems problems)
    {
        var sources = new List<SourceSpec>();
        if (!root.TryGetProperty("sources", out var array) || array.ValueKind == JsonValueKind.Null) return sources;
        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.Add("$.sources", $"expected an array of sources, found {InputProblems.Describe(array)}");
            return sources;
        }
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"$.sources[{index}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add(path, $"expected an object with name and url, found {InputProblems.Describe(item)}");
                index++;
                continue;
            }
            problems.RejectUnknownFields(item, path, SourceFields);
            var fields = new JsonFields(item, path, problems);
            var name = fields.String("name", required: true);
            var url = fields.String("url", required: true);
            var credentials = fields.String("credentials");
            if (!string.IsNullOrEmpty(name))
            {
                CheckName(problems, path + ".name", name);
                if (names.TryGetValue(name, out var first))
                    problems.Add(path + ".name", $"\"{name}\" is already used by $.sources[{first}] (names must be unique: they key the chunks)");
                else names[name] = index;
            }
            if (!string.IsNullOrEmpty(url)) CheckUrl(problems, path + ".url", url);
            if (credentials is not null) CheckSecretReference(problems, path + ".credentials", credentials);
            sources.Add(new SourceSpec(name ?? "", url ?? "", credentials));
            index++;
        }
        return sources;
    }

    private static StagingSettings? ReadStaging(JsonFields top, InputProblems problems)
    {
        var s = top.Object("staging", required: false, StagingFields);
        if (s is null)
            return top.Has("staging") ? null : new StagingSettings(null, StagingSettings.DefaultRoot, "", StagingSettings.DefaultChunkBytes, ChunkCompression.None);
        var f = s.Value;
        var bucket = f.String("bucket");
        var root = f.String("root");
        if (bucket is not null && root is not null)
            problems.Add(f.Path, "give either bucket (S3) or root (local directory), not both");
        if (bucket is not null && !BucketName().IsMatch(bucket))
            problems.Add(f.Path + ".bucket", $"\"{bucket}\" is not a valid S3 bucket name (expected 3-63 lowercase letters, digits, dots or hyphens)");
        var prefix = f.String("prefix") ?? "";
        if (prefix.Length > 0)
        {
            try { Storage.ObjectKey.ValidatePrefix(prefix, "prefix"); }
            catch (Errors.BackfillException e) { problems.Add(f.Path + ".prefix", e.Message); }
            if (!prefix.EndsWith('/')) prefix += "/";
        }
        var chunkBytes = f.Integer("chunkBytes", StagingSettings.MinChunkBytes, StagingSettings.MaxChunkBytes) ?? StagingSettings.DefaultChunkBytes;
        var compression = (ChunkCompression)(f.Choice("chunkCompression", "none", "gzip") ?? 0);
        var endpoint = f.String("endpoint");
        if (endpoint is not null) CheckHttpUrl(problems, f.Path + ".endpoint", endpoint);
        return new StagingSettings(bucket, bucket is null ? root ?? StagingSettings.DefaultRoot : null, prefix, chunkBytes, compression, endpoint, f.String("region"));
    }

    private static OpenSearchSettings? ReadOpenSearch(JsonFields top, InputProblems problems)
    {
        var d = OpenSearchSettings.Default;
        var o = top.Object("opensearch", required: false, OpenSearchFields);
        if (o is null) return top.Has("opensearch") ? null : d;
        var f = o.Value;
        var endpoint = f.String("endpoint") ?? d.Endpoint;
        if (!string.Equals(endpoint, OpenSearchSettings.EmbeddedEndpoint, StringComparison.OrdinalIgnoreCase))
            CheckHttpUrl(problems, f.Path + ".endpoint", endpoint, "\"embedded\" or an http(s) URL");
        var pipeline = f.String("pipeline") ?? d.Pipeline;
        if (!IndexName().IsMatch(pipeline)) problems.Add(f.Path + ".pipeline", $"\"{pipeline}\" is not a valid pipeline id (expected lowercase letters, digits, '-', '_' or '.')");
        var indexPrefix = f.String("indexPrefix") ?? d.IndexPrefix;
        if (!IndexName().IsMatch(indexPrefix)) problems.Add(f.Path + ".indexPrefix", $"\"{indexPrefix}\" is not a valid index name prefix (expected lowercase letters, digits, '-', '_' or '.', not starting with '-', '_' or '+')");
        var auth = ReadAuth(f, problems);
        var bulkBytes = f.Integer("bulkBytes", 1024, OpenSearchSettings.MaxBulkBytes) ?? d.BulkBytes;
        var bulkActions = (int)(f.Integer("bulkActions", 1, 1_000_000) ?? d.BulkActions);
        var concurrency = (int)(f.Integer("concurrency", 1, 64) ?? d.Concurrency);
        var ingest = (IngestLocation)(f.Choice("ingest", "server", "client") ?? 0);
        var gzip = f.Boolean("gzip") ?? d.GzipRequests;
        var maxAttempts = (int)(f.Integer("maxAttempts", 1, 100) ?? d.MaxAttempts);
        var maxRetrySeconds = f.Number("maxRetrySeconds", 0, 86_400) ?? d.MaxRetrySeconds;
        var senders = (int)(f.Integer("senders", 1, 1000) ?? d.Senders);
        return new OpenSearchSettings(endpoint, pipeline, indexPrefix, auth, bulkBytes, bulkActions, concurrency, ingest, gzip, maxAttempts, maxRetrySeconds, senders);
    }

    private static OpenSearchAuth ReadAuth(JsonFields openSearch, InputProblems problems)
    {
        var a = openSearch.Object("auth", required: false, AuthFields);
        if (a is null) return OpenSearchAuth.None;
        var f = a.Value;
        var type = (OpenSearchAuthType)(f.Choice("type", "none", "basic", "sigv4") ?? 0);
        var username = f.String("username");
        var passwordRef = f.String("passwordRef");
        var service = f.String("service");
        var region = f.String("region");
        switch (type)
        {
            case OpenSearchAuthType.Basic:
                if (username is null) problems.Add(f.Path + ".username", "is required when type is \"basic\"");
                if (passwordRef is null) problems.Add(f.Path + ".passwordRef", "is required when type is \"basic\" (expected env:VARIABLE or file:PATH)");
                else CheckSecretReference(problems, f.Path + ".passwordRef", passwordRef);
                break;
            case OpenSearchAuthType.SigV4:
                service ??= "es";
                if (service is not ("es" or "aoss")) problems.Add(f.Path + ".service", $"\"{service}\" is not supported (expected es for Amazon OpenSearch Service or aoss for OpenSearch Serverless)");
                break;
        }
        return new OpenSearchAuth(type, username, passwordRef, service, region);
    }

    private static RerunSettings? ReadRerun(JsonFields top, InputProblems problems)
    {
        var r = top.Object("rerun", required: false, RerunFields);
        if (r is null) return null;
        var key = r.Value.String("failedChunksKey", required: true);
        if (!string.IsNullOrEmpty(key))
        {
            try { Storage.ObjectKey.Validate(key, "failedChunksKey"); }
            catch (Errors.BackfillException e) { problems.Add(r.Value.Path + ".failedChunksKey", e.Message); }
        }
        return new RerunSettings(key ?? "", r.Value.String("previousRunId"));
    }

    private static void CheckName(InputProblems problems, string path, string name)
    {
        if (!SafeName().IsMatch(name))
            problems.Add(path, $"\"{name}\" is not a valid name (expected 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit)");
    }

    private static void CheckUrl(InputProblems problems, string path, string url)
    {
        try { Sources.SourceUrl.Parse(url); }
        catch (Errors.BackfillException e) { problems.Add(path, e.Message); }
    }

    private static void CheckHttpUrl(InputProblems problems, string path, string url, string expected = "an http(s) URL")
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            problems.Add(path, $"\"{Sources.SourceUrl.Redact(url)}\" is not supported (expected {expected})");
    }

    private static void CheckSecretReference(InputProblems problems, string path, string reference)
    {
        if (!(reference.StartsWith("env:", StringComparison.Ordinal) && reference.Length > 4) &&
            !(reference.StartsWith("file:", StringComparison.Ordinal) && reference.Length > 5))
            problems.Add(path, "expected a reference such as env:VARIABLE or file:PATH (never the secret itself)");
    }

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message.TrimEnd('.');
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SafeName();

    [GeneratedRegex("^[a-z0-9.-][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex IndexName();
}
