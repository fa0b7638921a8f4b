using Backfill.Functions.Runtime;

// Lambda stops the sandbox with SIGTERM when it shuts down an execution environment: end the loop cleanly.
using var shutdown = new CancellationTokenSource();
using var _ = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    shutdown.Cancel();
});
return await LambdaBootstrap.RunFromEnvironmentAsync(cancellationToken: shutdown.Token);
