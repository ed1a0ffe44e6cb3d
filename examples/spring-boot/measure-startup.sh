#!/usr/bin/env bash
# Startup time of the example with and without o11y-sdk-spring on the classpath (same app, same
# JVM flags; classpaths.sh says what "without" leaves out), and without it but with Boot's actuator.
#   examples/spring-boot/measure-startup.sh [runs]     # default 5 runs each, alternating
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
./classpaths.sh
with=$(cat target/classpath-with.txt)
without=$(cat target/classpath-without.txt)
actuator=$(cat target/classpath-actuator.txt)

start_seconds() { # prints Spring's "process running for" (JVM start to app ready)
  java -cp "$1" dev.o11y.examples.spring.TackleShopApplication --load.seconds=0 --server.port=0 2>&1 \
    | grep -o 'process running for [0-9.]*' | grep -o '[0-9.]*$'
}

declare -a a b c
for i in $(seq "$runs"); do
  a+=("$(start_seconds "$without")")
  c+=("$(start_seconds "$actuator")")
  b+=("$(start_seconds "$with")")
done
python3 - "${a[*]}" "${b[*]}" "${c[*]}" <<'PY'
import statistics, sys
without = [float(x) for x in sys.argv[1].split()]
with_sdk = [float(x) for x in sys.argv[2].split()]
actuator = [float(x) for x in sys.argv[3].split()]
mw, ms, ma = statistics.median(without), statistics.median(with_sdk), statistics.median(actuator)
print(f"without o11y-sdk-spring:           median {mw:.2f}s  runs {without}")
print(f"no SDK, actuator + Prometheus:     median {ma:.2f}s  runs {actuator}")
print(f"with    o11y-sdk-spring:           median {ms:.2f}s  runs {with_sdk}")
print(f"overhead: +{ms - mw:.2f}s ({(ms / mw - 1) * 100:.0f}%) over without, "
      f"+{ms - ma:.2f}s ({(ms / ma - 1) * 100:.0f}%) over actuator")
PY
