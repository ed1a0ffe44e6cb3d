#!/usr/bin/env python3
"""Markdown table from http-load.sh's results.tsv: medians per side and endpoint, ratios to "without".

results.tsv columns: round, side, endpoint, requests/s, p50 ms, p99 ms, non-2xx, socket errors,
requests, JVM CPU microseconds per request, spans the SDK dropped
"""
import collections
import statistics
import sys

rows = collections.defaultdict(list)
sides, endpoints = [], []
with open(sys.argv[1]) as f:
    for line in f:
        rnd, side, endpoint, rps, p50, p99, bad, errors, _, cpu, dropped = line.rstrip("\n").split("\t")
        rows[(side, endpoint)].append(
            (float(rps), float(p50), float(p99), float(cpu), int(bad), int(errors), int(dropped)))
        if side not in sides:
            sides.append(side)
        if endpoint not in endpoints:
            endpoints.append(endpoint)


def med(values):
    return statistics.median(values)


has_actuator = any(side == "actuator" for side in sides)
extra_head = " rps / actuator | CPU / actuator |" if has_actuator else ""
print("| endpoint | side | requests/s | p50 ms | p99 ms | JVM CPU µs/req | rps / without | p50 / without "
      "| p99 / without | CPU / without |" + extra_head + " requests/s per round | non-2xx, socket errors | dropped spans |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if has_actuator else "") + "---|---|---:|")


def medians(side, endpoint):
    runs = rows.get((side, endpoint))
    return [med([r[i] for r in runs]) for i in range(4)] if runs else None


def rps_ratio(m, base):
    return f"{m[0] / base[0]:.3f} ({(m[0] / base[0] - 1) * 100:+.1f}%)"


for endpoint in endpoints:
    base_m = medians("without", endpoint)
    actuator_m = medians("actuator", endpoint)
    for side in sides:
        runs = rows.get((side, endpoint))
        if not runs:
            continue
        m = medians(side, endpoint)
        if base_m is None or side == "without":
            ratios = ["—"] * 4
        else:
            ratios = [rps_ratio(m, base_m)] + [f"{m[i] / base_m[i]:.2f}" for i in range(1, 4)]
        if has_actuator:
            if actuator_m is None or side in ("without", "actuator"):
                ratios += ["—", "—"]
            else:
                ratios += [rps_ratio(m, actuator_m), f"{m[3] / actuator_m[3]:.2f}"]
        per_round = " ".join(f"{r[0]:.0f}" for r in runs)
        faults = f"{sum(r[4] for r in runs)}, {sum(r[5] for r in runs)}"
        dropped = sum(r[6] for r in runs)
        print(f"| `{endpoint}` | {side} | {m[0]:.0f} | {m[1]:.2f} | {m[2]:.2f} | {m[3]:.0f} | {' | '.join(ratios)} "
              f"| {per_round} | {faults} | {dropped} |")
print("\nMedians over rounds; ratios are side / baseline, so rps below 1 and latency or CPU above 1 are the cost."
      + (" \"actuator\" is the service without the SDK but with Boot's actuator and Prometheus registry."
         if has_actuator else ""))
