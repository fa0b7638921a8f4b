using System.Net.Http.Headers;
using System.Text;

namespace Backfill.Core.OpenSearch;

/// <summary>Adds <c>Authorization: Basic …</c> to every request. The header value is built once and never printed.</summary>
public sealed class BasicAuthHandler(string username, string password) : DelegatingHandler
{
    private readonly AuthenticationHeaderValue _header = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password)));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _header;
        return base.SendAsync(request, cancellationToken);
    }

    public override string ToString() => $"BasicAuthHandler({username}:***)";
}
