using System.Net.Http.Headers;
using Backfill.Aws.Signing;
using Backfill.Tests.Shared;

namespace Backfill.Aws.Tests.Signing;

/// <summary>
/// The suite's cases again, this time through <see cref="SigV4RequestSigner"/> on real HttpRequestMessages, for
/// every case an HttpRequestMessage can carry unchanged. Left out, because HttpClient would send something other
/// than the case's text: targets that System.Uri rewrites (raw spaces and UTF-8, "." and ".." segments), folded
/// (multi-line) header values, repeated header names (HttpClient sends them as one comma-joined line), and a
/// signed Content-Length (the adapter never signs it: the transport decides it).
/// </summary>
public sealed class SigV4RequestSignerConformanceTests
{
    public static TheoryData<string> Cases() => new(SigV4ConformanceCase.AllIds().Where(id => Representable(SigV4ConformanceCase.Load(id))));

    private static bool Representable(SigV4ConformanceCase c) =>
        new Uri("https://example.amazonaws.com" + c.Request.Target).PathAndQuery == c.Request.Target
        && c.Request.Headers.All(h => !h.Value.Contains('\n') && !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
        && c.Request.Headers.Select(h => h.Key.ToLowerInvariant()).Distinct().Count() == c.Request.Headers.Count;

    [ConformanceFact("sigv4")]
    public void Most_cases_are_representable()
    {
        Assert.Equal(45, Cases().Count);
    }

    [ConformanceTheory("sigv4")]
    [MemberData(nameof(Cases))]
    public async Task HttpRequestMessage_signing_matches_suite(string id)
    {
        var c = SigV4ConformanceCase.Load(id);
        using var request = new HttpRequestMessage(new HttpMethod(c.Request.Method), "https://example.amazonaws.com" + c.Request.Target);
        if (c.Request.Body.Length > 0 || c.Request.Headers.Any(h => h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)))
            request.Content = new ByteArrayContent(c.Request.Body);
        foreach (var (name, value) in c.Request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            else Assert.True(request.Headers.TryAddWithoutValidation(name, value), $"header {name}");
        }
        var p = c.Parameters;
        var options = new SigV4SignerOptions(p.Service, p.Region)
        {
            NormalizePath = p.NormalizePath, AddContentSha256Header = p.AddContentSha256Header, OmitSessionTokenFromSignature = p.OmitSessionTokenFromSignature,
        };

        var signature = await SigV4RequestSigner.SignAsync(request, options, p.Credentials, p.Timestamp);

        Assert.Equal(c.Expected("creq"), signature.CanonicalRequest);
        var expectedAuthorization = c.Expected("authz") ?? RawHttpRequest.Parse(c.Expected("sreq")!).Headers.Single(h => h.Key == "Authorization").Value;
        Assert.Equal(expectedAuthorization, Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Equal("20150830T123600Z", Assert.Single(request.Headers.GetValues("X-Amz-Date")));
    }
}
