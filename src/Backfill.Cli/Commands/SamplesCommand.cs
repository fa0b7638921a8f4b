using System.CommandLine;
using System.Diagnostics;
using Backfill.Core.Samples;

namespace Backfill.Cli.Commands;

/// <summary>`backfill samples generate`: writes deterministic NASA-like traces for demos and benchmarks.</summary>
public static class SamplesCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "jul95 (1,891,715 lines), aug95 (1,569,898 lines) or sample (2,000 lines)", DefaultValueFactory = _ => "sample" };
        var scale = new Option<int>("--scale") { Description = "Multiply the profile's line count (for memory-growth runs)", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output file; .gz is written gzip-compressed, anything else plain", Required = true };
        var generate = new Command("generate", "Write a deterministic NASA-like Common Log Format trace.");
        generate.Options.Add(profile);
        generate.Options.Add(scale);
        generate.Options.Add(output);
        CommandAction.Set(generate, (parse, context, _) =>
        {
            var chosen = NasaLogProfile.Parse(parse.GetValue(profile)!);
            var factor = parse.GetValue(scale);
            if (factor < 1) throw new Core.Errors.BackfillException($"--scale {factor}: expected a whole number of at least 1");
            if (factor > 1) chosen = chosen.Scaled(factor);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var watch = Stopwatch.StartNew();
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                NasaLikeLogGenerator.WriteGzip(path, chosen);
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var file = File.Create(path);
                NasaLikeLogGenerator.Write(file, chosen);
            }
            context.Out.WriteLine($"wrote {path}: {chosen.Lines:N0} lines, {new FileInfo(path).Length:N0} bytes in {watch.Elapsed.TotalSeconds:F1} s");
            return Task.FromResult(ExitCodes.Success);
        });
        var command = new Command("samples", "Sample data for demos and benchmarks.");
        command.Subcommands.Add(generate);
        return command;
    }
}
