"""Prints a JMH JSON result as a Markdown table with ratios to `bare` and `handWritten`."""
import json
import sys

runs = json.load(open(sys.argv[1]))
rows = []
for run in runs:
    primary = run["primaryMetric"]
    alloc = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    name = run["benchmark"].rsplit(".", 1)[1]
    params = run.get("params")
    if params:
        name += " (" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")"
    rows.append((name, primary["score"], primary["scoreError"], primary["scoreUnit"], alloc))

bare = next((r[1] for r in rows if r[0] == "bare"), None)
hand = next((r[1] for r in rows if r[0] == "handWritten"), None)
unit = rows[0][3] if rows else "ns/op"
print(f"| benchmark | {unit} (± error) | B/op | × bare | × handWritten |")
print("|---|---:|---:|---:|---:|")
for name, score, error, _, alloc in rows:
    error = float(error)  # JMH writes "NaN" (a string) when there is a single iteration
    error_text = f"{error:.1f}" if error == error else "n/a"
    alloc_text = f"{alloc:.0f}" if alloc is not None else "-"
    ratio_bare = f"{score / bare:.0f}" if bare else "-"
    ratio_hand = f"{score / hand:.2f}" if hand else "-"
    print(f"| {name} | {score:.1f} ± {error_text} | {alloc_text} | {ratio_bare} | {ratio_hand} |")
