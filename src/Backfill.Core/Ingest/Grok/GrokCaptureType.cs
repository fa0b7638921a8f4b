namespace Backfill.Core.Ingest.Grok;

/// <summary>The <c>:type</c> suffix of a grok capture (<c>%{NUMBER:bytes:long}</c>); unknown suffixes mean string, as in OpenSearch.</summary>
internal enum GrokCaptureType { String, Integer, Long, Float, Double, Boolean }
