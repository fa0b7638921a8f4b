namespace Backfill.Core.Sending;

/// <summary>
/// A line OpenSearch refused for good (400/404/409, pipeline failure, document too large). One JSON object per line
/// in <c>{runRoot}dead-letters/{source}/{chunkIndex:D6}.jsonl</c>:
/// <code>
/// {"source":"jul95","sourceId":"…","chunkKey":"…","line":42,"index":"nasa-logs-unparsed","id":"…-42",
///  "status":400,"errorType":"illegal_argument_exception","reason":"…",
///  "raw":"&lt;the line's bytes, base64&gt;","rawEncoding":"base64","text":"&lt;the line as sent&gt;","textEncoding":"utf-8"|"latin1"}
/// </code>
/// <c>raw</c> holds the original bytes without the line terminator (LF or CRLF) exactly, whatever their encoding;
/// <c>text</c> is the same line decoded by the sender's policy (<see cref="LineEncodings"/>), for reading.
/// </summary>
public sealed record DeadLetter(long Line, int Status, string ErrorType, string Reason, byte[] Raw, LineEncoding Encoding);
