#!/usr/bin/env python3
"""Where a JVM's CPU goes, by thread: the question a whole-process CPU ratio cannot answer.

  thread_cpu.py snapshot PID            -> "tid<TAB>thread-name<TAB>ticks" per live thread (user + system)
  thread_cpu.py table LABEL REQUESTS BEFORE AFTER [LABEL REQUESTS BEFORE AFTER ...]
                                        -> Markdown: µs of CPU per request by thread group and side

Threads are grouped by name with digits replaced by '#' (http-nio-8080-exec-3 -> http-nio-#-exec-#),
so a pool is one row. A thread that ended between the snapshots loses its last ticks; pools that
churn threads are undercounted, which the total row (from the snapshots' sum) does not hide.
"""
import collections
import os
import re
import sys


def snapshot(pid):
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return  # the process ended: no threads, as jit_ticks always read it
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # ended meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        # keyed by tid too: two threads of one pool must not overwrite each other
        print(f"{tid}\t{name}\t{int(fields[11]) + int(fields[12])}")


def read(path):
    with open(path) as f:
        return {tid: (name, int(ticks)) for tid, name, ticks in (line.rstrip("\n").split("\t") for line in f)}


def group_deltas(before, after):
    groups = collections.Counter()
    for tid, (name, ticks) in after.items():
        groups[re.sub(r"\d+", "#", name)] += ticks - before.get(tid, (name, 0))[1]
    return groups


def table(argv):
    hz = os.sysconf("SC_CLK_TCK")
    sides = []
    for i in range(0, len(argv), 4):
        label, requests, before, after = argv[i:i + 4]
        sides.append((label, int(requests), group_deltas(read(before), read(after))))
    sides = [(label, r or 1, g) for label, r, g in sides]  # a side that served nothing: its CPU, not a crash
    names = sorted({n for _, _, g in sides for n in g}, key=lambda n: -max(g[n] / r for _, r, g in sides))
    print("| thread group | " + " | ".join(f"{label} µs/req" for label, _, _ in sides) + " |")
    print("|---|" + "---:|" * len(sides))
    for name in names:
        cells = [g[name] * 1e6 / hz / r for _, r, g in sides]
        if max(cells) >= 0.5:
            print(f"| {name} | " + " | ".join(f"{c:.1f}" for c in cells) + " |")
    print("| **all threads** | " + " | ".join(f"**{sum(g.values()) * 1e6 / hz / r:.1f}**" for _, r, g in sides) + " |")


if __name__ == "__main__":
    if sys.argv[1] == "snapshot":
        snapshot(sys.argv[2])
    else:
        table(sys.argv[2:])
