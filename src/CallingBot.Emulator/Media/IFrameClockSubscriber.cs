namespace CallingBot.Emulator.Media;

/// <summary>What a <see cref="FrameClock"/> drives: told each tick's index on the clock's timer thread. Must not block.</summary>
internal interface IFrameClockSubscriber
{
    void OnTick(long tick);
}
