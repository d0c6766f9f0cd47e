#!/usr/bin/env python3
"""A process's CPU by thread name, in consecutive windows (Linux, from /proc/<pid>/task/*/stat).

    python3 bench/tools/thread-cpu.py <pid> [window seconds, default 10] [windows, default 6]

Prints, per window, the cores the process kept busy and the share of that CPU each thread name took (the runtime
names its threads: ".NET TP Worker", ".NET Tiered Com" for the background tiered compiler, ".NET Server GC", ...;
Linux cuts names to 15 characters). Ends early when the process exits.
"""
import collections
import os
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def snapshot(pid):
    threads = {}
    root = f"/proc/{pid}/task"
    for tid in os.listdir(root):
        try:
            with open(f"{root}/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"{root}/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the thread ended meanwhile
        threads[tid] = (name, int(fields[11]) + int(fields[12]))  # utime + stime
    return threads


def main():
    pid = int(sys.argv[1])
    window = float(sys.argv[2]) if len(sys.argv) > 2 else 10
    windows = int(sys.argv[3]) if len(sys.argv) > 3 else 6
    started = time.monotonic()
    try:
        before = snapshot(pid)
    except FileNotFoundError:
        sys.exit(f"no process {pid}")
    for _ in range(windows):
        time.sleep(window)
        try:
            after = snapshot(pid)
        except FileNotFoundError:
            print("the process exited")
            return
        by_name = collections.Counter()
        for tid, (name, ticks) in after.items():
            by_name[name] += ticks - before.get(tid, (name, 0))[1]
        total = sum(by_name.values())
        elapsed = time.monotonic() - started
        shares = ", ".join(f"{name} {100 * ticks / total:.0f} %" for name, ticks in by_name.most_common(4) if ticks) if total else "idle"
        print(f"{elapsed - window:5.0f}-{elapsed:.0f} s: {total / TICKS / window:.2f} cores; {shares}")
        before = after


if __name__ == "__main__":
    main()
