using CallingBot.Emulator.Hosting;

namespace CallingBot.Emulator;

/// <summary>Entry point of the standalone emulator (<c>dotnet run --project src/CallingBot.Emulator</c>).</summary>
public static class EmulatorProgram
{
    public static Task<int> Main(string[] args) => StandaloneRunner.RunAsync(args);
}
