namespace CallingBot.Emulator;

/// <summary>Entry point of the standalone emulator.</summary>
public static class EmulatorProgram
{
    public static Task<int> Main(string[] args) => Task.FromResult(0);
}
