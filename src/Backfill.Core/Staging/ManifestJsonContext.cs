using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backfill.Core.Staging;

/// <summary>
/// Compile-time JSON metadata for manifest rows, with <see cref="BackfillJson.Options"/>' settings (web defaults,
/// nulls omitted). Every split writes a manifest and every plan reads them; reflection-built metadata cost each of
/// those processes an emitted, JIT-compiled accessor per property at start-up.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ManifestRow))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
