#!/usr/bin/env bash
# Per-call cost of @Monitored vs a bare call vs hand-written instrumentation, with allocation.
#   benchmarks/run.sh                 # defaults: ~4 minutes on 2 cores
#   benchmarks/run.sh -f 3 -i 10      # more forks/iterations; extra args go to JMH
set -euo pipefail
cd "$(dirname "$0")/.."
jar=benchmarks/target/benchmarks.jar
if [[ ! -f "$jar" || -n "$(find o11y-sdk-core/src benchmarks/src -newer "$jar" -print -quit)" ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
result=benchmarks/target/jmh-result.json
java -jar "$jar" -bm avgt -tu ns -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc -rf json -rff "$result" "$@"
python3 benchmarks/table.py "$result"
