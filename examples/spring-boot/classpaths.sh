#!/usr/bin/env bash
# Builds the example from this checkout (reactor build: nothing is installed into ~/.m2) and writes
# two classpaths for the same application:
#   target/classpath-with.txt     as users run it, o11y-sdk-spring included (also written: an actuator
#                                 variant, below)
#   target/classpath-without.txt  the SDK resolved as "provided" and left out, so are the jars only
#                                 it brings (actuator, Micrometer's Prometheus registry, OpenTelemetry,
#                                 logstash encoder...); @Monitored annotations whose class is missing
#                                 are ignored by the JVM, so the app runs unchanged.
# Used by measure-startup.sh and benchmarks/http-load.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
example=examples/spring-boot
build() { # $1: output file name, then extra Maven arguments
  local out=$1
  shift
  ./mvnw -B -q -pl "$example" -am package dependency:build-classpath -DskipTests \
    -DincludeScope=runtime -Dmdep.outputFile="target/$out" "$@"
  # every module of the reactor writes its own file; only the example's is used
  echo "$PWD/$example/target/classes:$(cat "$example/target/$out")" > "$example/target/$out"
}
build classpath-with.txt
build classpath-without.txt -Do11y-sdk.scope=provided
#   target/classpath-actuator.txt  without the SDK, with Boot's actuator and Micrometer's Prometheus
#                                  registry: the setup many services have before they add the SDK
build classpath-actuator.txt -Do11y-sdk.scope=provided -Pactuator-baseline
for variant in without actuator; do
  if grep -q 'o11y-sdk-' "$example/target/classpath-$variant.txt"; then
    echo "classpaths.sh: the SDK is still on the $variant classpath" >&2
    exit 1
  fi
done
if ! grep -q 'micrometer-registry-prometheus' "$example/target/classpath-actuator.txt"; then
  echo "classpaths.sh: the actuator classpath has no Prometheus registry" >&2
  exit 1
fi
