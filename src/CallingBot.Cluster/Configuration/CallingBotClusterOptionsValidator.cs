using System.Net;
using Microsoft.Extensions.Options;

namespace CallingBot.Cluster.Configuration;

/// <summary>Fails start with every invalid <c>CallingBot:Cluster</c> setting named.</summary>
internal sealed class CallingBotClusterOptionsValidator : IValidateOptions<CallingBotClusterOptions>
{
    private const string Section = CallingBotClusterOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CallingBotClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options).ToArray();
        return errors.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static IEnumerable<string> Errors(CallingBotClusterOptions options)
    {
        if (!Enum.IsDefined(options.Mode))
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.Mode)} must be Embedded or Redis (got {options.Mode}).";
        }

        if (options.Mode == ClusterMode.Redis && string.IsNullOrWhiteSpace(options.RedisConnectionString))
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.RedisConnectionString)} is required when {Section}:{nameof(CallingBotClusterOptions.Mode)} is Redis.";
        }

        if (options.Mode == ClusterMode.Redis && !string.IsNullOrWhiteSpace(options.RedisConnectionString) && !IsRedisConfiguration(options.RedisConnectionString))
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.RedisConnectionString)} is not a valid Redis connection string (expected host:port[,option=value…]).";
        }

        foreach (var (setting, value) in new[] { (nameof(CallingBotClusterOptions.ClusterId), options.ClusterId), (nameof(CallingBotClusterOptions.ServiceId), options.ServiceId) })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > 100 || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                yield return $"{Section}:{setting} must be 1 to 100 characters among letters, digits, '-', '_' and '.'.";
            }
        }

        if (options.SiloPort is { } siloPort && siloPort is < 1 or > 65535)
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.SiloPort)} must be between 1 and 65535 (got {siloPort}); leave it unset for the default.";
        }

        if (options.GatewayPort is < 0 or > 65535)
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.GatewayPort)} must be between 0 (no gateway) and 65535 (got {options.GatewayPort}).";
        }

        if (options.GatewayPort != 0 && options.GatewayPort == options.SiloPort)
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.GatewayPort)} must differ from {Section}:{nameof(CallingBotClusterOptions.SiloPort)} ({options.GatewayPort}).";
        }

        if (options.AdvertisedAddress is { } advertised
            && (!IPAddress.TryParse(advertised, out var address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None)))
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.AdvertisedAddress)} must be one IP address other silos can reach (got '{advertised}').";
        }

        if (options.DirectoryCacheSize is < 100 or > 1_000_000)
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.DirectoryCacheSize)} must be between 100 and 1000000 (got {options.DirectoryCacheSize}).";
        }

        if (options.OwnerCallTimeout < TimeSpan.FromSeconds(1) || options.OwnerCallTimeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.OwnerCallTimeout)} must be between 00:00:01 and 00:10:00 (got {options.OwnerCallTimeout}).";
        }

        if (options.ProbeTimeout < TimeSpan.FromMilliseconds(100) || options.ProbeTimeout > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.ProbeTimeout)} must be between 00:00:00.1 and 00:01:00 (got {options.ProbeTimeout}).";
        }

        if (options.MissedProbesLimit is < 1 or > 10)
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.MissedProbesLimit)} must be between 1 and 10 (got {options.MissedProbesLimit}).";
        }

        if (options.MembershipRefreshInterval < TimeSpan.FromSeconds(1) || options.MembershipRefreshInterval > TimeSpan.FromMinutes(10))
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.MembershipRefreshInterval)} must be between 00:00:01 and 00:10:00 (got {options.MembershipRefreshInterval}).";
        }

        if (options.OrphanedCallScanInterval < TimeSpan.FromSeconds(1) || options.OrphanedCallScanInterval > TimeSpan.FromMinutes(30))
        {
            yield return $"{Section}:{nameof(CallingBotClusterOptions.OrphanedCallScanInterval)} must be between 00:00:01 and 00:30:00 (got {options.OrphanedCallScanInterval}).";
        }
    }

    /// <summary>A light check of a StackExchange.Redis configuration string: at least one endpoint, options as key=value.</summary>
    private static bool IsRedisConfiguration(string value)
    {
        var endpoints = 0;
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }

            var colon = part.LastIndexOf(':');
            var host = colon > 0 ? part[..colon] : part;
            if (host.Length == 0 || (colon > 0 && !(int.TryParse(part[(colon + 1)..], out var port) && port is > 0 and <= 65535)))
            {
                return false;
            }

            endpoints++;
        }

        return endpoints > 0;
    }
}
