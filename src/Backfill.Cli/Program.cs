using Backfill.Cli;

return await BackfillCli.RunAsync(args);
