#!/usr/bin/env python3
"""Where a .NET process's CPU went, from Linux perf samples (on-CPU only: a waiting thread is never sampled).

    # the process must write perf maps and run its JIT code from ordinary memory, e.g. for the benchmark's bot:
    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet bench/CallingBot.Bench/bin/Release/net10.0/CallingBot.Bench.dll rate 200 30 20
    perf record -F 499 -g -p <bot pid> -o bot.data -- sleep 12          # after the warm-up
    perf script -i bot.data -F comm,tid,ip,sym > bot.script
    python3 bench/tools/perf-shares.py bot.script inclusive [substring] [rows]
    python3 bench/tools/perf-shares.py bot.script under <frame substring> [rows]   # what the frame spent its time in
    python3 bench/tools/perf-shares.py bot.script leaf <frame substring> [rows]    # the innermost frames below it

Shares are of all samples of the process (kernel and native runtime code included). "inclusive": each frame's share
of samples with it anywhere on the stack; "under": for samples with the frame on the stack, the frame it called
(from its outermost occurrence, so recursion is counted once); "leaf": the innermost frames of those samples.
dotnet-trace's sampler, by contrast, counts threads that wait inside native calls (a contended Monitor.Enter, for
example) as running; this counts only what a core executed.
"""
import collections
import re
import sys

TIERS = re.compile(r"\[(OptimizedTier1|Optimized|QuickJitted|Tier0|Tier1|PreJIT)\]")


def short(symbol):
    """The method's name without return type, assembly, parameters or tier."""
    symbol = TIERS.sub("", symbol).strip()
    if "[" in symbol:
        symbol = re.sub(r"^(instance )?\S+ (\[[^\]]+\] )?", "", symbol)
    return symbol.split("(")[0][-110:]


def samples(path):
    stack = None
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                if stack:
                    yield stack
                stack = None
            elif not line[0].isspace():
                stack = []
            elif stack is not None:
                parts = line.strip().split(" ", 1)
                stack.append(short(parts[1]) if len(parts) > 1 else parts[0])
    if stack:
        yield stack


def main():
    if len(sys.argv) < 3 or sys.argv[2] not in ("inclusive", "under", "leaf"):
        print(__doc__)
        sys.exit(2)
    path, mode = sys.argv[1], sys.argv[2]
    needle = sys.argv[3] if len(sys.argv) > 3 else ""
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    counts = collections.Counter()
    total = 0
    for stack in samples(path):
        total += 1
        if mode == "inclusive":
            for frame in set(stack):
                if needle in frame:
                    counts[frame] += 1
            continue
        positions = [i for i, frame in enumerate(stack) if needle in frame]
        if not positions:
            continue
        if mode == "under":
            outermost = positions[-1]
            counts[stack[outermost - 1] if outermost > 0 else "(the frame itself)"] += 1
        else:
            counts[stack[0]] += 1
    print(f"{total} samples")
    for frame, count in counts.most_common(rows):
        print(f"{100 * count / total:5.1f} %  {frame}")


if __name__ == "__main__":
    main()
