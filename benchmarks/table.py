"""Prints a JMH JSON result as a Markdown table with ratios to `bare` and `handWritten`.

Rows are grouped by the `work` parameter (the size of the measured method); each ratio is taken
against `bare` and `handWritten` of the same work size, never across sizes. Rows without a `work`
parameter (e.g. the log-line benchmarks) come last, with no ratios.
"""
import json
import sys


BASELINES = {"bare": 0, "handWritten": 1}


def ratio(score, base, digits):
    return f"{score / base:.{digits}f}" if base else "-"


runs = json.load(open(sys.argv[1]))
rows = []
for run in runs:
    primary = run["primaryMetric"]
    alloc = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    method = run["benchmark"].rsplit(".", 1)[1]
    params = run.get("params") or {}
    name = method
    if params:
        name += " (" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")"
    rows.append({"method": method, "work": params.get("work"), "name": name, "score": primary["score"],
                 "error": primary["scoreError"], "unit": primary["scoreUnit"], "alloc": alloc})

# work sizes in the order they first appear; rows without one last
groups = list(dict.fromkeys(r["work"] for r in rows if r["work"] is not None))
if any(r["work"] is None for r in rows):
    groups.append(None)


def baseline(method, work):
    if work is None:
        return None
    return next((r["score"] for r in rows if r["method"] == method and r["work"] == work), None)


unit = rows[0]["unit"] if rows else "ns/op"
print(f"| benchmark | {unit} (± error) | B/op | × bare | × handWritten |")
print("|---|---:|---:|---:|---:|")
for work in groups:
    bare = baseline("bare", work)
    hand = baseline("handWritten", work)
    # baselines first, then the rest in JMH's order (sorted() is stable)
    group = sorted((r for r in rows if r["work"] == work), key=lambda r: BASELINES.get(r["method"], len(BASELINES)))
    for r in group:
        error = float(r["error"])  # JMH writes "NaN" (a string) when there is a single iteration
        error_text = f"{error:.1f}" if error == error else "n/a"
        alloc_text = f"{r['alloc']:.0f}" if r["alloc"] is not None else "-"
        # a trivial method makes ratios to bare large (whole numbers say enough); 10 µs makes them ~1
        ratio_bare = ratio(r["score"], bare, 0 if bare and r["score"] / bare >= 10 else 2)
        print(f"| {r['name']} | {r['score']:.1f} ± {error_text} | {alloc_text} | {ratio_bare} | "
              f"{ratio(r['score'], hand, 2)} |")
