#!/usr/bin/env bash
# CPU time of the same CPU-bound workload with continuous profiling (100 Hz, itimer) on vs off,
# alternating JVMs: benchmarks/profiling-overhead.sh [pairs]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-5}
jar=benchmarks/target/benchmarks.jar
[[ -f "$jar" ]] || ./mvnw -B -q -pl benchmarks -am package -DskipTests
off=(); on=()
for i in $(seq "$pairs"); do
  off+=("$(java -cp "$jar" dev.o11y.benchmarks.ProfilingOverhead off 2>/dev/null | grep -o 'cpu_ms=[0-9]*' | cut -d= -f2)")
  on+=("$(java -cp "$jar" dev.o11y.benchmarks.ProfilingOverhead on 2>/dev/null | grep -o 'cpu_ms=[0-9]*' | cut -d= -f2)")
done
python3 - "${off[*]}" "${on[*]}" <<'PY'
import statistics, sys
off = [int(x) for x in sys.argv[1].split()]
on = [int(x) for x in sys.argv[2].split()]
mo, mn = statistics.median(off), statistics.median(on)
print(f"profiling off: median CPU {mo:.0f} ms  runs {off}")
print(f"profiling on : median CPU {mn:.0f} ms  runs {on}")
print(f"overhead: {(mn / mo - 1) * 100:+.1f}% CPU")
PY
