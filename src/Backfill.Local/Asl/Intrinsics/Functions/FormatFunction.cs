using System.Text;
using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Intrinsics.Functions;

/// <summary>
/// States.Format('template {} {}', a, b): each {} takes the next argument, printed the Java way (strings bare,
/// objects as {k=v, …}); \{ and \} are literal braces. The number of {} must equal the number of arguments.
/// </summary>
public sealed class FormatFunction : IntrinsicFunction
{
    public override string Name => "States.Format";
    public override int MinArguments => 1;
    public override int MaxArguments => -1;

    public override JsonNode? Invoke(IntrinsicArguments args)
    {
        // A literal template keeps its escapes (\{ is a brace, {} a placeholder); a template read from a path is taken as is.
        var template = args.Call.Arguments[0] is LiteralArgument { RawString: { } raw } ? raw : args.String(0);
        var builder = new StringBuilder(template.Length + 16);
        var next = 1;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && i + 1 < template.Length)
            {
                builder.Append(template[++i]);
                continue;
            }
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '}')
            {
                if (next >= args.Count)
                    throw Fail($"The template of States.Format has more {{}} placeholders than the {args.Count - 1} argument(s) given.");
                builder.Append(JavaText.ToJavaString(args[next++]));
                i++;
                continue;
            }
            builder.Append(c);
        }
        if (next != args.Count)
            throw Fail($"The template of States.Format has {next - 1} {{}} placeholder(s) but {args.Count - 1} argument(s) were given.");
        return JsonValue.Create(builder.ToString());
    }
}
