var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
await app.RunAsync();

/// <summary>Entry point; public so integration tests can host the service.</summary>
public partial class Program;
