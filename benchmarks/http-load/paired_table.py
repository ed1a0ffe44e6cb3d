#!/usr/bin/env python3
"""Markdown table from http-paired.sh's results.tsv: per endpoint, each side's CPU per request and the
cost ratio second/first within each round (both sides measured over the same seconds).

results.tsv columns: round, side, endpoint, requests/s, p50 ms, p99 ms, non-2xx, socket errors,
requests, process-tree CPU microseconds per request (JVM + its PostgreSQL), JVM CPU microseconds per
request, of which the JIT compiler threads' (a twelfth column; files from before it have eleven)
usage: paired_table.py results.tsv FIRST SECOND
"""
import collections
import statistics
import sys

Row = collections.namedtuple("Row", "round side endpoint rps p99 bad tree jvm jit")


def read_results(path):
    """results.tsv's rows; its column layout is known here only."""
    with open(path) as f:
        for line in f:
            rnd, side, endpoint, rps, p50, p99, non2xx, errors, _, tree, jvm, *jit = line.rstrip("\n").split("\t")
            yield Row(rnd, side, endpoint, float(rps), float(p99), int(non2xx) + int(errors),
                      float(tree), float(jvm), float(jit[0]) if jit else 0.0)


def main(path, first, second):
    cell = {}
    endpoints, rounds = [], set()
    bad = collections.Counter()
    for row in read_results(path):
        cell[(row.round, row.side, row.endpoint)] = row
        bad[row.side] += row.bad
        rounds.add(row.round)
        if row.endpoint not in endpoints:
            endpoints.append(row.endpoint)

    print(f"| endpoint | {first} CPU µs/req | {second} CPU µs/req | cost ratio per round | median | "
          f"JVM-only ratio, median | ratio without JIT compiling, median |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for endpoint in endpoints:
        paired = [r for r in sorted(rounds, key=int) if (r, first, endpoint) in cell and (r, second, endpoint) in cell]
        if not paired:
            continue
        a = [cell[(r, first, endpoint)] for r in paired]
        b = [cell[(r, second, endpoint)] for r in paired]
        ratios = [y.tree / x.tree for x, y in zip(a, b)]
        jvm_ratios = [y.jvm / x.jvm for x, y in zip(a, b)]
        # what is left of warm-up: the side with more code to compile is still compiling more of it
        steady_ratios = [(y.tree - y.jit) / (x.tree - x.jit) for x, y in zip(a, b)]
        print(f"| `{endpoint}` | {statistics.median(x.tree for x in a):.1f} | {statistics.median(y.tree for y in b):.1f} | "
              f"{' '.join(f'{r:.3f}' for r in ratios)} | **{statistics.median(ratios):.3f}** | "
              f"{statistics.median(jvm_ratios):.3f} | {statistics.median(steady_ratios):.3f} |")
    print()
    print(f"cost ratio = {second}'s CPU per request / {first}'s, same round, same seconds; "
          f"1.05 means ~5 % fewer requests/s on a CPU of its own. The last column leaves out both JVMs' "
          f"JIT compiler threads: compiling that outlasted the warm-up.")
    for side in (first, second):
        if bad[side]:
            print(f"WARNING: {side} had {bad[side]} non-2xx responses or socket errors")


if __name__ == "__main__":
    main(*sys.argv[1:4])
