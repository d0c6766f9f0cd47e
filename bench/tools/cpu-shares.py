#!/usr/bin/env python3
"""Where a process's CPU went, from a dotnet-trace CPU trace converted to speedscope.

    dotnet-trace collect -p <pid> --duration 00:00:00:12 -o bot.nettrace
    dotnet-trace convert --format speedscope bot.nettrace -o bot      # writes bot.speedscope.json
    python3 bench/tools/cpu-shares.py bot.speedscope.json [inclusive|exclusive] [substring] [rows]

dotnet-trace samples every thread, running or not, and marks the samples of a thread in managed code that was not
waiting (running, ready for a core, or stopped for a collection) with a CPU_TIME frame. This counts those alone and
prints each method's share of them: inclusive (the method or anything it called) or exclusive (the method itself),
optionally only the methods whose name contains the substring. Shares, not seconds: on an overloaded machine a thread
ready for a core is counted where it stands.

The finalizer thread is left out: the sampler marks it as running while it waits for work (its samples sit in
GC.RunFinalizers and in the last finalizer it ran), although the kernel's count shows it idle
(bench/tools/thread-cpu.py: under 1 % of the bot's CPU at 40 calls/s).
"""
import collections
import json
import sys


def main():
    path = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else "inclusive"
    needle = sys.argv[3] if len(sys.argv) > 3 else ""
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    with open(path) as f:
        document = json.load(f)
    frames = [frame["name"] for frame in document["shared"]["frames"]]
    inclusive = collections.Counter()
    exclusive = collections.Counter()
    total = 0.0
    for profile in document["profiles"]:
        if "Finalizer" in profile.get("name", ""):
            continue
        stack = []
        last = None
        for event in profile.get("events", []):
            at = event["at"]
            if last is not None and len(stack) > 1 and frames[stack[-1]] == "CPU_TIME":
                spent = at - last
                total += spent
                for frame in set(stack[:-1]):
                    inclusive[frame] += spent
                exclusive[stack[-2]] += spent
            if event["type"] == "O":
                stack.append(event["frame"])
            else:
                while stack and stack.pop() != event["frame"]:
                    pass
            last = at
    counts = inclusive if mode == "inclusive" else exclusive
    print(f"not waiting: {total / 1000:.1f} s of thread samples ({mode})")
    shown = 0
    for frame, spent in counts.most_common():
        name = frames[frame]
        if needle and needle not in name:
            continue
        print(f"{100 * spent / total:5.1f} %  {name[:160]}")
        shown += 1
        if shown >= rows:
            break


if __name__ == "__main__":
    main()
