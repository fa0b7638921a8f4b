using System.CommandLine;

namespace Backfill.Cli.Aws;

/// <summary>--output table|json: aligned text for people, one JSON document for scripts.</summary>
public static class OutputFormat
{
    public const string Table = "table";
    public const string Json = "json";

    public static Option<string> CreateOption()
    {
        var option = new Option<string>("--output", "-o") { Description = "Output format: table or json", DefaultValueFactory = _ => Table };
        option.AcceptOnlyFromAmong(Table, Json);
        return option;
    }

    public static bool IsJson(ParseResult parse, Option<string> option) => parse.GetValue(option) == Json;
}
