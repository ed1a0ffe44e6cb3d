"""Prints a JMH JSON result as a Markdown table with ratios to the bare call and the hand-written code."""
import json
import sys


def name(run):
    short = run["benchmark"].rsplit(".", 1)[1]
    params = run.get("params") or {}
    return short + (" (" + ", ".join(params.values()) + ")" if params else "")


runs = json.load(open(sys.argv[1]))
rows = []
for run in runs:
    primary = run["primaryMetric"]
    alloc = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    rows.append((name(run), primary["score"], primary["scoreError"], alloc))

bare = next((r[1] for r in rows if r[0].startswith("bare")), None)
hand = next((r[1] for r in rows if r[0].startswith("handWritten")), None)
print("| benchmark | ns/op | B/op | × bare | × hand-written |")
print("|---|---:|---:|---:|---:|")
for label, score, error, alloc in rows:
    ratio_bare = f"{score / bare:.1f}" if bare else "-"
    ratio_hand = f"{score / hand:.2f}" if hand else "-"
    alloc_text = f"{alloc:.0f}" if alloc is not None else "-"
    print(f"| {label} | {score:.1f} ± {error:.1f} | {alloc_text} | {ratio_bare} | {ratio_hand} |")
