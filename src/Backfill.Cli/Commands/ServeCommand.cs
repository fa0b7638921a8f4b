using System.CommandLine;
using Backfill.Local.OpenSearch;
using Backfill.Local.OpenSearch.Faults;
using Backfill.Local.OpenSearch.Hosting;

namespace Backfill.Cli.Commands;

/// <summary>
/// `backfill serve --port 9200 --data DIR`: the embedded OpenSearch-compatible endpoint on 127.0.0.1 over HTTP, until
/// Ctrl-C. Fault options make it misbehave on purpose for testing senders; <c>--fault-injection</c> also opens
/// <c>PUT /_backfill/faults</c> to change them while it runs.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1", DefaultValueFactory = _ => 9200 };
        var data = new Option<string>("--data") { Description = "Directory for indices, pipelines and templates (created if missing)", DefaultValueFactory = _ => ".backfill/opensearch" };
        var injection = new Option<bool>("--fault-injection") { Description = "Serve /_backfill/faults (GET, PUT fault options as JSON, DELETE) for tests" };
        var reject429 = new Option<double>("--fault-429") { Description = "Fraction (0-1) of bulk items rejected with 429" };
        var fail503 = new Option<double>("--fault-503") { Description = "Fraction (0-1) of bulk requests failed with 503" };
        var reset = new Option<double>("--fault-reset") { Description = "Fraction (0-1) of bulk requests whose connection is reset (after the items are stored)" };
        var delay = new Option<int>("--fault-delay-ms") { Description = "Delay added to every bulk request, in milliseconds" };
        var command = new Command("serve", "Run the embedded OpenSearch-compatible endpoint over HTTP (bulk, ingest pipelines, templates, counts).");
        foreach (var option in new Option[] { port, data, injection, reject429, fail503, reset, delay }) command.Options.Add(option);

        CommandAction.Set(command, async (parse, context, cancellationToken) =>
        {
            var faults = new FaultOptions
            {
                Reject429 = Rate("--fault-429", parse.GetValue(reject429)),
                Fail503 = Rate("--fault-503", parse.GetValue(fail503)),
                Reset = Rate("--fault-reset", parse.GetValue(reset)),
                DelayMs = parse.GetValue(delay) >= 0 ? parse.GetValue(delay) : throw new Core.Errors.BackfillException($"--fault-delay-ms {parse.GetValue(delay)}: expected 0 or more"),
            };
            var portNumber = parse.GetValue(port);
            if (portNumber is < 1 or > 65535) throw new Core.Errors.BackfillException($"--port {portNumber}: expected 1 to 65535");
            using var endpoint = EmbeddedOpenSearch.Open(parse.GetValue(data)!, new EmbeddedOpenSearchOptions { AllowFaultInjection = parse.GetValue(injection), Faults = faults });
            await using var host = await EmbeddedOpenSearchHost.StartAsync(endpoint, portNumber, cancellationToken);
            context.Out.WriteLine($"embedded OpenSearch listening on {host.Address} (data: {endpoint.DataDirectory}{(faults.Any ? ", faults on" : "")}); Ctrl-C stops it");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C is how this command ends.
            }
            context.Out.WriteLine("stopped");
            return ExitCodes.Success;
        });
        return command;
    }

    private static FaultRate Rate(string option, double fraction) =>
        fraction is >= 0 and <= 1 ? new FaultRate(fraction) : throw new Core.Errors.BackfillException($"{option} {fraction}: expected a fraction from 0 to 1");
}
