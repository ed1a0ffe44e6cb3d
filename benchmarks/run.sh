#!/usr/bin/env bash
# Per-call cost of @Monitored against a bare call, hand-written instrumentation, Micrometer @Observed
# and the OpenTelemetry agent's @WithSpan, plus the cost of one JSON log line, with allocation.
#   benchmarks/run.sh                          # everything: 23 JVM forks, ~7 minutes on 2 cores (~10 when busy)
#   benchmarks/run.sh -f 3 -i 10               # tighter error bars; extra args go to JMH
#   benchmarks/run.sh 'CallOverhead.(bare|handWritten)'   # a subset
set -euo pipefail
cd "$(dirname "$0")/.."
jar=benchmarks/target/benchmarks.jar
agent=benchmarks/target/agent/opentelemetry-javaagent.jar
# rebuild when a jar is missing or older than the SDK or benchmark sources
if [[ ! -f "$jar" || ! -f "$agent" || -n "$(find o11y-sdk-core/src o11y-sdk-core/pom.xml benchmarks/src benchmarks/pom.xml -newer "$jar" -print -quit)" ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
result=benchmarks/target/jmh-result.json
# -f 1 at least: every benchmark needs its own JVM (see CallOverhead); later options override these.
# Run from the repository root: the agent forks find $agent relative to it (see AgentOverhead).
java -jar "$jar" -bm avgt -tu ns -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc -rf json -rff "$result" "$@"
python3 benchmarks/table.py "$result"
