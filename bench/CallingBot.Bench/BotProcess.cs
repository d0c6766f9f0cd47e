using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using CallingBot.AspNetCore.Hosting;
using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CallingBot.Bench;

/// <summary>
/// The bot's role when the emulator runs in its own process (started by <see cref="RemoteScene"/>): the real host in
/// real mode, configured by environment like a deployed instance, answering every call with an empty handler, serving
/// https on the emulator's certificate, plus <c>GET /bench/memory</c> for the benchmark to read its heap.
/// </summary>
internal static class BotProcess
{
    public static async Task<int> RunAsync()
    {
        var pfx = Environment.GetEnvironmentVariable("CALLINGBOT_BENCH_TLS_PFX") ?? throw new InvalidOperationException("CALLINGBOT_BENCH_TLS_PFX is not set.");
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfx, null);
        await using var app = await CallingBotApplication.CreateAsync([], builder =>
        {
            builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
            builder.Services.Replace(ServiceDescriptor.Singleton<IIncomingCallRouter>(new BenchRunner.AnswerAllRouter()));
        });
        var manager = app.Services.GetRequiredService<ICallManager>();
        app.MapGet("/bench/memory", () =>
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = Process.GetCurrentProcess();
            return Results.Json(new BotMemory(
                GC.GetTotalMemory(forceFullCollection: true),
                process.WorkingSet64,
                manager.ActiveCallCount,
                manager.ListCalls().Count(c => c.State == CallState.Established)));
        });
        app.MapGet("/bench/runtime", () => Results.Json(Runtime()));
        app.MapGet("/bench/calls", () => Results.Json(new BotMemory(0, 0, manager.ActiveCallCount, manager.ListCalls().Count(c => c.State == CallState.Established))));
        await app.RunAsync();
        return 0;
    }

    /// <summary>This process's runtime counters so far.</summary>
    public static BotRuntime Runtime() => new(
        GC.GetTotalAllocatedBytes(precise: false),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalPauseDuration().TotalMilliseconds,
        Monitor.LockContentionCount,
        ThreadPool.CompletedWorkItemCount,
        ThreadPool.ThreadCount);
}
