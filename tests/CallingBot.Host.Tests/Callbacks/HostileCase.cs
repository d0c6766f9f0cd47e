using System.Net;

namespace CallingBot.Host.Tests.Callbacks;

/// <summary>A hostile request against the calling webhook and the status it must get.</summary>
public sealed record HostileCase(HttpStatusCode Expected, Func<HostileCallbackFixture, Task<HttpResponseMessage>> Send, string? ExpectedReason = null);
