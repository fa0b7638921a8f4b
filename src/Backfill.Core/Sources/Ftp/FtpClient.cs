using System.Globalization;
using System.Net.Sockets;

namespace Backfill.Core.Sources.Ftp;

/// <summary>
/// Just enough of an FTP client (RFC 959, 2428, 3659) to download one file from an offset: greeting, USER/PASS,
/// TYPE I, SIZE, MDTM, EPSV or PASV, REST, RETR, the final 226, QUIT. One instance is one session.
/// Replies 4xx become <see cref="FtpTransientException"/> (worth a resume); 5xx and other surprises become
/// <see cref="SourceUnavailableException"/> naming the URL and quoting the reply. The password is never quoted.
/// </summary>
internal sealed class FtpClient : IAsyncDisposable
{
    private readonly FtpControlConnection _control;
    private readonly FtpClientOptions _options;
    private readonly string _displayUrl;
    private readonly string _host;
    private string? _password;

    private FtpClient(FtpControlConnection control, FtpClientOptions options, string host, string displayUrl)
    {
        _control = control;
        _options = options;
        _host = host;
        _displayUrl = displayUrl;
        EpsvRefused = !options.UseEpsv;
    }

    /// <summary>True once the server refused EPSV, so later sessions can go straight to PASV.</summary>
    public bool EpsvRefused { get; private set; }

    /// <summary>Connects, reads the greeting, logs in and switches to binary mode.</summary>
    public static async Task<FtpClient> ConnectAsync(string host, int port, SourceCredentials credentials, FtpClientOptions options, string displayUrl, CancellationToken cancellationToken)
    {
        var control = await FtpControlConnection.ConnectAsync(host, port, options, cancellationToken).ConfigureAwait(false);
        var client = new FtpClient(control, options, host, displayUrl);
        try
        {
            await client.GreetAsync(cancellationToken).ConfigureAwait(false);
            await client.LoginAsync(credentials, cancellationToken).ConfigureAwait(false);
            await client.ExpectAsync("TYPE I", 200, "switching to binary mode (TYPE I)", cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task GreetAsync(CancellationToken cancellationToken)
    {
        var reply = await _control.ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        // 120 "service ready in nnn minutes" is followed by the real greeting.
        while (reply.Code == 120) reply = await _control.ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        if (reply.Code != 220) throw Refused("the server's greeting was not 220 (ready)", reply);
    }

    private async Task LoginAsync(SourceCredentials credentials, CancellationToken cancellationToken)
    {
        _password = credentials.Password;
        var action = $"login as \"{credentials.UserName}\" was refused";
        var reply = await _control.SendAsync("USER " + credentials.UserName, cancellationToken).ConfigureAwait(false);
        if (reply.Code == 331)
            reply = await _control.SendAsync("PASS " + credentials.Password, cancellationToken).ConfigureAwait(false);
        if (reply.Code == 332) throw Refused(action + " (the server wants an account, ACCT, which is not supported)", reply);
        if (reply.Code is not (230 or 202)) throw Refused(action, reply);
    }

    /// <summary>The file's size (SIZE, RFC 3659), or null when the server does not say.</summary>
    public async Task<long?> GetSizeAsync(string path, CancellationToken cancellationToken)
    {
        var reply = await _control.SendAsync("SIZE " + path, cancellationToken).ConfigureAwait(false);
        if (reply.IsTransientFailure) throw Refused($"SIZE {path} failed", reply);
        // A 5xx (unsupported, or no such file) is left for RETR to report in its own words.
        return reply.Code == 213 && long.TryParse(reply.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
    }

    /// <summary>The file's modification time (MDTM, RFC 3659: YYYYMMDDHHMMSS[.sss] in UTC), or null when the server does not say.</summary>
    public async Task<DateTimeOffset?> GetModifiedTimeAsync(string path, CancellationToken cancellationToken)
    {
        var reply = await _control.SendAsync("MDTM " + path, cancellationToken).ConfigureAwait(false);
        if (reply.IsTransientFailure) throw Refused($"MDTM {path} failed", reply);
        if (reply.Code != 213) return null;
        return DateTimeOffset.TryParseExact(reply.Text, ["yyyyMMddHHmmss", "yyyyMMddHHmmss.FFF"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
    }

    /// <summary>
    /// Starts downloading <paramref name="path"/> from byte <paramref name="offset"/> (REST + RETR). The returned stream
    /// owns this client: it checks the final 226 at end of data and closes the session when disposed.
    /// </summary>
    public async Task<Stream> RetrieveAsync(string path, long offset, CancellationToken cancellationToken)
    {
        var data = await OpenPassiveAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (offset > 0)
            {
                var rest = await _control.SendAsync($"REST {offset}", cancellationToken).ConfigureAwait(false);
                if (rest.Code != 350) throw Refused($"the server cannot resume at byte {offset} (REST {offset})", rest);
            }
            var retr = await _control.SendAsync("RETR " + path, cancellationToken).ConfigureAwait(false);
            // Usually 150/125 (transfer starting, 226 follows); a 226/250 straight away means it already finished.
            if (!retr.IsPreliminary && retr.Code is not (226 or 250)) throw Refused($"RETR {path} was refused", retr);
            return new FtpDataStream(this, data, transferConfirmed: !retr.IsPreliminary);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>Reads the reply that ends a transfer: 226/250 is success, 426/451 (or any 4xx) a transient failure.</summary>
    internal async Task ConfirmTransferAsync(CancellationToken cancellationToken)
    {
        var reply = await _control.ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        if (reply.Code is not (226 or 250)) throw Refused("the transfer did not complete", reply);
    }

    /// <summary>Says goodbye; best effort, since the download is already complete or abandoned.</summary>
    internal async Task QuitAsync()
    {
        try
        {
            using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _control.SendAsync("QUIT", timer.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task<TcpClient> OpenPassiveAsync(CancellationToken cancellationToken)
    {
        int port;
        if (!EpsvRefused)
        {
            var epsv = await _control.SendAsync("EPSV", cancellationToken).ConfigureAwait(false);
            if (epsv.Code == 229)
                return await ConnectDataAsync(FtpPassiveReply.EpsvPort(epsv) ?? throw Refused("the EPSV reply names no port", epsv), cancellationToken).ConfigureAwait(false);
            if (!epsv.IsPermanentFailure) throw Refused("EPSV failed", epsv);
            EpsvRefused = true; // 500/502/522…: an older server or one that only speaks PASV.
        }
        var pasv = await _control.SendAsync("PASV", cancellationToken).ConfigureAwait(false);
        if (pasv.Code != 227) throw Refused("PASV was refused", pasv);
        port = (FtpPassiveReply.Pasv(pasv) ?? throw Refused("the PASV reply names no address and port", pasv)).Port;
        // The address in a PASV reply is ignored, as curl does by default (CURLOPT_FTP_SKIP_PASV_IP) and FileZilla
        // does for unroutable answers: servers behind NAT announce private addresses, and obeying an arbitrary
        // address would let a server aim our connection anywhere. The data port lives on the control host.
        return await ConnectDataAsync(port, cancellationToken).ConfigureAwait(false);
    }

    private Task<TcpClient> ConnectDataAsync(int port, CancellationToken cancellationToken) =>
        FtpControlConnection.ConnectTcpAsync(_control.RemoteAddress.ToString(), port, _options.ConnectTimeout, cancellationToken);

    private async Task ExpectAsync(string command, int code, string action, CancellationToken cancellationToken)
    {
        var reply = await _control.SendAsync(command, cancellationToken).ConfigureAwait(false);
        if (reply.Code != code) throw Refused(action + " failed", reply);
    }

    /// <summary>4xx → transient (resume); anything else unexpected → permanent, naming the URL and quoting the reply.</summary>
    private Exception Refused(string action, FtpReply reply)
    {
        var quoted = Quote(reply);
        return reply.IsTransientFailure
            ? new FtpTransientException($"{action}: {quoted}", reply)
            : new SourceUnavailableException(_displayUrl, $"{action}: {quoted}");
    }

    // Servers have no business echoing the password, but if one does it must not reach our messages.
    private string Quote(FtpReply reply)
    {
        var text = reply.ToString();
        return string.IsNullOrEmpty(_password) ? text : text.Replace(_password, "****", StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _control.DisposeAsync();

    public override string ToString() => $"FTP session with {_host}";
}
