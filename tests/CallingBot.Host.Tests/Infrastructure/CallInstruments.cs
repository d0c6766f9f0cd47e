using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.Infrastructure;

/// <summary>Finds the call manager's instruments (meter <c>CallingBot.Calls</c>) of one host among those of other hosts.</summary>
public static class CallInstruments
{
    public const string MeterName = "CallingBot.Calls";

    /// <summary>True for the instrument named <paramref name="name"/> of the call meter created by <paramref name="services"/>' meter factory.</summary>
    public static bool Is(Instrument instrument, IServiceProvider services, string name)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var factory = services.GetRequiredService<IMeterFactory>();
        return instrument.Name == name && instrument.Meter.Name == MeterName && ReferenceEquals(instrument.Meter.Scope, factory);
    }
}
