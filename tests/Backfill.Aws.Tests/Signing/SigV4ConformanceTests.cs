using Backfill.Aws.Signing;
using Backfill.Tests.Shared;

namespace Backfill.Aws.Tests.Signing;

/// <summary>The AWS SigV4 test suite (../shared/conformance/sigv4), every case, header-signed and presigned.</summary>
public sealed class SigV4ConformanceTests
{
    /// <summary>
    /// Cases whose signed-request file contradicts the rest of the case. botocore's get-vanilla-with-session-token
    /// .sreq carries get-vanilla's signature (5fa00f…) although its own .creq/.sts/.authz (and aws-c-auth's twin)
    /// give 07ec16…; for it the .sreq's Authorization line is not compared, everything else is.
    /// </summary>
    private static readonly HashSet<string> KnownSignedRequestDefects = ["botocore-aws4_testsuite/get-vanilla-with-session-token"];

    public static TheoryData<string> Cases() => new(SigV4ConformanceCase.AllIds());

    public static TheoryData<string> PresignCases() =>
        new(SigV4ConformanceCase.AllIds().Where(id => SigV4ConformanceCase.Load(id).Expected("query-creq") is not null));

    [ConformanceFact("sigv4")]
    public void Suite_is_complete()
    {
        // Guards against the loader silently finding fewer cases (e.g. after a layout change).
        var ids = SigV4ConformanceCase.AllIds().ToList();
        Assert.Equal(38, ids.Count(id => id.StartsWith("aws-c-auth-v4/", StringComparison.Ordinal)));
        Assert.Equal(34, ids.Count(id => id.StartsWith("botocore-aws4_testsuite/", StringComparison.Ordinal)));
    }

    [ConformanceTheory("sigv4")]
    [MemberData(nameof(Cases))]
    public void Header_signing_matches_suite(string id)
    {
        var c = SigV4ConformanceCase.Load(id);
        var signature = SigV4Signer.Sign(c.ToSigV4Request(), c.Parameters);

        Assert.Equal(c.Expected("creq"), signature.CanonicalRequest);
        Assert.Equal(c.Expected("sts"), signature.StringToSign);
        if (c.Expected("signature") is { } expectedSignature) Assert.Equal(expectedSignature, signature.Signature);
        if (c.Expected("authz") is { } expectedAuthorization) Assert.Equal(expectedAuthorization, signature.Authorization);

        var expected = RawHttpRequest.Parse(c.Expected("sreq")!);
        Assert.Equal(expected.Method, c.Request.Method);
        Assert.Equal(expected.Target, c.Request.Target);
        var actualHeaders = signature.Headers.ToList();
        if (KnownSignedRequestDefects.Contains(id))
        {
            // Still defective upstream? Then compare everything but the Authorization line (.authz checked it).
            Assert.NotEqual(signature.Authorization, expected.Headers.Single(h => h.Key == "Authorization").Value);
            expected.Headers.RemoveAll(h => h.Key == "Authorization");
            actualHeaders.RemoveAll(h => h.Key == "Authorization");
        }
        Assert.Equal(RawHttpRequest.Comparable(expected.Headers), RawHttpRequest.Comparable(actualHeaders));
        Assert.Equal(expected.Body, c.Request.Body);
        Assert.Contains(signature.Headers, h => h.Key == "Authorization" && h.Value == signature.Authorization);
    }

    [ConformanceTheory("sigv4")]
    [MemberData(nameof(PresignCases))]
    public void Presigning_matches_suite(string id)
    {
        var c = SigV4ConformanceCase.Load(id);
        var presigned = SigV4Signer.Presign(c.ToSigV4Request(), c.Parameters, c.Expires);

        Assert.Equal(c.Expected("query-creq"), presigned.CanonicalRequest);
        Assert.Equal(c.Expected("query-sts"), presigned.StringToSign);
        Assert.Equal(c.Expected("query-signature"), presigned.Signature);

        // The suite's signed request lists the added parameters in its own order: compare them as a set.
        var expected = RawHttpRequest.Parse(c.Expected("query-sreq")!);
        Assert.Equal(expected.Method, c.Request.Method);
        Assert.Equal(expected.Path, c.Request.Path);
        Assert.Equal(expected.Query.Split('&').Order(StringComparer.Ordinal), presigned.Query.Split('&').Order(StringComparer.Ordinal));
        Assert.Equal(RawHttpRequest.Comparable(expected.Headers), RawHttpRequest.Comparable(c.Request.Headers));
    }
}
