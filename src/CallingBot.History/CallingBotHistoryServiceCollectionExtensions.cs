using System.Diagnostics.Metrics;
using CallingBot.Core.Manager;
using CallingBot.History.Configuration;
using CallingBot.History.Diagnostics;
using CallingBot.History.Maintenance;
using CallingBot.History.Masking;
using CallingBot.History.Querying;
using CallingBot.History.Records;
using CallingBot.History.Storage;
using CallingBot.History.Storage.PostgreSql;
using CallingBot.History.Storage.Sqlite;
using CallingBot.History.Writing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.History;

public static class CallingBotHistoryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the call history that survives restarts, as <c>CallingBot:History</c> says (validated at start): the
    /// call manager's <see cref="ICallHistory"/> (call it before <c>AddCallingBotCore</c>, whose in-memory history it
    /// replaces), its background writer and purge job (hosted services), <see cref="ICallHistoryReader"/> for queries
    /// and <see cref="CallHistoryStatus"/> for health. Relative SQLite paths are taken as they are; a host resolves
    /// them against its content root.
    /// </summary>
    public static IServiceCollection AddCallingBotHistory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CallHistoryOptions>().Bind(configuration.GetSection(CallHistoryOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallHistoryOptions>, CallHistoryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICallHistoryStore>(sp => CreateStore(sp.GetRequiredService<IOptions<CallHistoryOptions>>().Value));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CallHistoryOptions>>().Value;
            return new CallHistoryStatus(sp.GetRequiredService<ICallHistoryStore>().Name, options.Store != CallHistoryStoreKind.Memory, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new HistoryMetrics(sp.GetService<IMeterFactory>(), sp.GetRequiredService<CallHistoryStatus>()));
        services.TryAddSingleton(sp => new SchemaGate(sp.GetRequiredService<ICallHistoryStore>(), sp.GetRequiredService<ILogger<SchemaGate>>()));
        services.TryAddSingleton(sp => new PartyMasker(sp.GetRequiredService<IOptions<CallHistoryOptions>>().Value.Masking ?? new HistoryMaskingOptions()));
        services.TryAddSingleton(sp => new CallHistoryEntryMapper(sp.GetRequiredService<PartyMasker>()));
        services.TryAddSingleton<CallHistoryWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<CallHistoryWriter>());
        services.TryAddSingleton<CallHistoryPurger>();
        services.AddHostedService(sp => sp.GetRequiredService<CallHistoryPurger>());
        services.TryAddSingleton<ICallHistory, CallHistory>();
        services.TryAddSingleton<ICallHistoryReader, CallHistoryReader>();
        return services;
    }

    private static ICallHistoryStore CreateStore(CallHistoryOptions options) => options.Store switch
    {
        CallHistoryStoreKind.PostgreSql => new PostgreSqlCallHistoryStore(options.PostgreSql.ConnectionString!, options.CommandTimeout),
        CallHistoryStoreKind.Memory => new MemoryCallHistoryStore(options.MemoryCapacity),
        _ => new SqliteCallHistoryStore(options.Sqlite.Path, options.CommandTimeout),
    };
}
