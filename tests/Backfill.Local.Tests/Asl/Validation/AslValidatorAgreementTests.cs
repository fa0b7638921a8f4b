using System.Diagnostics;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Model;
using Backfill.Tests.Shared;

namespace Backfill.Local.Tests.Asl.Validation;

/// <summary>
/// Runs the npm asl-validator (tests/node_modules, installed by `npm ci` in tests/) on the same definitions as
/// our validator and checks that both call each one valid or invalid.
/// </summary>
public sealed class AslValidatorAgreementTests
{
    [Fact]
    public async Task Our_validator_agrees_with_asl_validator()
    {
        var validator = Path.Combine(RepoPaths.NodeBin, "asl-validator");
        if (!File.Exists(validator))
            Assert.Fail($"{validator} is missing: run `npm ci` in {Path.Combine(RepoPaths.Root, "tests")} (needs Node.js) to install asl-validator.");

        using var gate = new SemaphoreSlim(2);
        var verdicts = await Task.WhenAll(ValidationCases.All.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                return (Case: c, Theirs: await RunAslValidatorAsync(validator, c.Definition), Ours: OursSaysValid(c.Definition));
            }
            finally
            {
                gate.Release();
            }
        }));

        var disagreements = verdicts
            .Where(v => v.Theirs.Valid != v.Ours || v.Ours != v.Case.Valid)
            .Select(v => $"'{v.Case.Name}': expected {(v.Case.Valid ? "valid" : "invalid")}, asl-validator says {(v.Theirs.Valid ? "valid" : "invalid")} ({v.Theirs.Output.Trim()}), we say {(v.Ours ? "valid" : "invalid")}")
            .ToList();
        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));
        Assert.Contains(verdicts, v => !v.Case.Valid);
        Assert.Contains(verdicts, v => v.Case.Valid);
    }

    private static bool OursSaysValid(string definition)
    {
        try
        {
            StateMachine.Parse(definition);
            return true;
        }
        catch (AslValidationException)
        {
            return false;
        }
    }

    private static async Task<(bool Valid, string Output)> RunAslValidatorAsync(string validator, string definition)
    {
        var start = new ProcessStartInfo(validator)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--json-definition");
        start.ArgumentList.Add(definition);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"could not run {validator} ({e.Message}); install Node.js and run `npm ci` in tests/.");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var output = await stdout + await stderr;
            if (process.ExitCode is not (0 or 1)) Assert.Fail($"asl-validator exited with {process.ExitCode}: {output}");
            return (process.ExitCode == 0, output);
        }
    }
}
