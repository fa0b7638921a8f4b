using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Backfill.Aws.Signing;
using Backfill.Tests.Shared;

namespace Backfill.Aws.Tests.Signing;

/// <summary>
/// One case of the AWS SigV4 test suite under ../shared/conformance/sigv4, read at test time. Two layouts:
/// aws-c-auth-v4/&lt;case&gt;/ (context.json, request.txt, header-*.txt, query-*.txt) and
/// botocore-aws4_testsuite/[group/]&lt;case&gt;/&lt;case&gt;.{req,creq,sts,authz,sreq} with the suite's fixed
/// context; botocore's session-token cases take their token (and whether it is signed) from the aws-c-auth case
/// of the same name, as the suite's README says they share it.
/// </summary>
public sealed class SigV4ConformanceCase
{
    private const string AwsCAuth = "aws-c-auth-v4";
    private const string Botocore = "botocore-aws4_testsuite";

    private SigV4ConformanceCase(string id, RawHttpRequest request, SigV4SigningParameters parameters, TimeSpan expires, Func<string, string?> expected)
    {
        Id = id;
        Request = request;
        Parameters = parameters;
        Expires = expires;
        Expected = expected;
    }

    public string Id { get; }
    public RawHttpRequest Request { get; }
    public SigV4SigningParameters Parameters { get; }
    public TimeSpan Expires { get; }

    /// <summary>Expected text by kind: "creq", "sts", "authz", "sreq", "signature", "query-creq", "query-sts", "query-signature", "query-sreq"; null when the case has none.</summary>
    public Func<string, string?> Expected { get; }

    public bool IsAwsCAuth => Id.StartsWith(AwsCAuth + "/", StringComparison.Ordinal);

    public SigV4Request ToSigV4Request() =>
        new(Request.Method, Request.Path, Request.Query, Request.Headers, SigV4Signer.HashPayload(Request.Body));

    public override string ToString() => Id;

    public static string Root => RepoPaths.Conformance("sigv4") ?? throw new InvalidOperationException("../shared/conformance/sigv4 is absent");

    /// <summary>Case ids such as "aws-c-auth-v4/get-vanilla" and "botocore-aws4_testsuite/normalize-path/get-slash".</summary>
    public static IEnumerable<string> AllIds()
    {
        var root = RepoPaths.Conformance("sigv4");
        if (root is null) yield break;
        foreach (var dir in Directory.EnumerateDirectories(Path.Combine(root, AwsCAuth)).Order(StringComparer.Ordinal))
            if (File.Exists(Path.Combine(dir, "request.txt"))) yield return AwsCAuth + "/" + Path.GetFileName(dir);
        foreach (var req in Directory.EnumerateFiles(Path.Combine(root, Botocore), "*.req", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            yield return Path.GetRelativePath(root, Path.GetDirectoryName(req)!).Replace('\\', '/');
    }

    public static SigV4ConformanceCase Load(string id)
    {
        var dir = Path.Combine(Root, id);
        var name = Path.GetFileName(dir);
        if (id.StartsWith(AwsCAuth + "/", StringComparison.Ordinal))
        {
            using var context = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "context.json")));
            var c = context.RootElement;
            var parameters = ParametersFrom(c) with
            {
                NormalizePath = c.GetProperty("normalize").GetBoolean(),
                AddContentSha256Header = c.TryGetProperty("sign_body", out var signBody) && signBody.GetBoolean(),
            };
            var expires = TimeSpan.FromSeconds(c.TryGetProperty("expiration_in_seconds", out var e) ? e.GetInt32() : 3600);
            string? Read(string kind)
            {
                var file = kind switch
                {
                    "creq" => "header-canonical-request.txt", "sts" => "header-string-to-sign.txt",
                    "signature" => "header-signature.txt", "sreq" => "header-signed-request.txt",
                    "query-creq" => "query-canonical-request.txt", "query-sts" => "query-string-to-sign.txt",
                    "query-signature" => "query-signature.txt", "query-sreq" => "query-signed-request.txt",
                    _ => null,
                };
                return file is not null && File.Exists(Path.Combine(dir, file)) ? ReadText(Path.Combine(dir, file)) : null;
            }
            return new SigV4ConformanceCase(id, RawHttpRequest.Parse(ReadText(Path.Combine(dir, "request.txt"))), parameters, expires, Read);
        }
        else
        {
            // The botocore suite's fixed context; tokens come from the aws-c-auth twin (see class remarks).
            var parameters = new SigV4SigningParameters("service", "us-east-1",
                new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
                new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));
            var twin = Path.Combine(Root, AwsCAuth, name, "context.json");
            if (File.Exists(twin))
            {
                using var context = JsonDocument.Parse(File.ReadAllBytes(twin));
                parameters = ParametersFrom(context.RootElement);
            }
            string? Read(string kind)
            {
                var file = Path.Combine(dir, name + "." + kind);
                return kind is "creq" or "sts" or "authz" or "sreq" && File.Exists(file) ? ReadText(file) : null;
            }
            return new SigV4ConformanceCase(id, RawHttpRequest.Parse(ReadText(Path.Combine(dir, name + ".req"))), parameters, TimeSpan.FromHours(1), Read);
        }
    }

    private static SigV4SigningParameters ParametersFrom(JsonElement c)
    {
        var creds = c.GetProperty("credentials");
        var token = creds.TryGetProperty("token", out var t) ? t.GetString() : null;
        return new SigV4SigningParameters(
            c.GetProperty("service").GetString()!,
            c.GetProperty("region").GetString()!,
            new ImmutableCredentials(creds.GetProperty("access_key_id").GetString(), creds.GetProperty("secret_access_key").GetString(), token),
            DateTimeOffset.Parse(c.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
        {
            OmitSessionTokenFromSignature = c.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean(),
        };
    }

    /// <summary>The file as UTF-8 text without the trailing newline a file may or may not end with.</summary>
    private static string ReadText(string path) => Encoding.UTF8.GetString(File.ReadAllBytes(path)).Replace("\r\n", "\n").TrimEnd('\n');
}
