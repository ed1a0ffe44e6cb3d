#!/usr/bin/env bash
# HTTP load on the example product service (examples/spring-boot: Tomcat, JdbcTemplate, embedded
# PostgreSQL) with and without o11y-sdk-spring: same classes, same JVM flags, same loopback load (wrk).
# Prints a Markdown table of requests/s, p50 and p99 per side with ratios to "without".
#
#   benchmarks/http-load.sh                  # 3 rounds x 20 s per endpoint and side, ~15-25 min
#   ROUNDS=5 DURATION=30 benchmarks/http-load.sh
#   SIDES="without with with-boot-obs" benchmarks/http-load.sh
#   PROFILE=1 ROUNDS=1 SIDES=with benchmarks/http-load.sh   # JFR (10 ms samples) while measuring, top
#                                                           # frames per owner; its numbers include JFR's cost
#   PERF=callgraph ROUNDS=1 ...               # the same with call stacks (frame pointers kept: both sides
#                                             # run -XX:+PreserveFramePointer), reported inclusive per symbol
#   PERF=1 ROUNDS=1 benchmarks/http-load.sh   # perf record (499 Hz) of the app while measuring: kernel,
#                                             # JVM and JIT-compiled code by symbol, flat
#
# Sides (SIDES, in this order each round, the first side rotating so no side is always first):
#   without          the app with the SDK left out of the classpath (examples/spring-boot/classpaths.sh)
#   actuator         no SDK, but Boot's actuator + Micrometer's Prometheus registry, as many services
#                    already run (Boot's http.server.requests timer and Hikari/Tomcat/JVM metrics on)
#   with             the app as users run it: the SDK's defaults, sampler parentbased_always_on
#   with-10pct       the same, OTEL_TRACES_SAMPLER=parentbased_traceidratio, ratio 0.1
#   with-boot-obs    the SDK with Boot's own http.server.requests observation switched back on
#                    (the SDK turns it off in servlet apps; Boot's http_server_requests_seconds again)
#   baseline-10pct   with-10pct on another checkout's build, for A/B of two SDK versions in one run:
#                    BASELINE_CP=<that checkout>/examples/spring-boot/target/classpath-with.txt
#   with-no-export   the SDK with export off (spans are still made, for logs and exemplars): the
#                    export's share of the cost
# Export (EXPORT): "sink" (default) sends spans over OTLP/HTTP to otlp_sink.py, which accepts all;
# "none" turns export off (spans are still made, for logs and exemplars).
# Pinning (PIN=1, default on 2+ CPUs): the app and its PostgreSQL on CPU 1, wrk and the sink on CPU 0,
# so the load generator never steals the service's CPU.
# Warm-up: WARMUP s per endpoint, then more 10 s passes over all endpoints until the JIT compiler
# threads used under 2% of two passes in a row (at most WARMUP_MAX s; a JFR record of compilations
# showed the "with" JVM compiling until ~150 s, with one quiet pass in the middle). On one CPU the single C2 thread competes
# with 16 busy request threads, and the SDK brings far more hot code (OpenTelemetry, encoders,
# exporter): after a fixed 20-30 s the "with" JVM was often still running tier-2 code, a 3x slowdown
# that has nothing to do with the steady state.
# Logging is the app's own on both sides: one INFO line per request to a file; with the SDK that line
# is JSON (logstash encoder, trace ids), without it Boot's console pattern.
# The measuring part holds /tmp/o11y-measure.lock (flock) so it never overlaps other measurements:
# do not wrap this script in flock on the same file.
set -euo pipefail
cd "$(dirname "$0")/.."
here=benchmarks/http-load
# shellcheck source=http-load/lib.sh
. "$here/lib.sh"
rounds=${ROUNDS:-3}
duration=${DURATION:-20}
warmup=${WARMUP:-10}
warmup_max=${WARMUP_MAX:-300}
connections=${CONNECTIONS:-16}
threads=${THREADS:-1}
sides=${SIDES:-without with with-10pct}
endpoints=${ENDPOINTS:-/products/2 /products?q=o}
export_mode=${EXPORT:-sink}
java_opts=${JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseSerialGC -XX:FlightRecorderOptions:stackdepth=256}
[ "${PERF:-0}" = callgraph ] && java_opts="$java_opts -XX:+PreserveFramePointer"
port=${PORT:-18080}
sink_port=${SINK_PORT:-14318}
profile=${PROFILE:-0}
perf=${PERF:-0}
perf_pid=
lock=${O11Y_MEASURE_LOCK:-/tmp/o11y-measure.lock}
out=benchmarks/target/http-load
pin=${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}

if ! command -v wrk >/dev/null; then
  sudo=$([ "$(id -u)" -eq 0 ] || echo sudo)
  $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null
fi

examples/spring-boot/classpaths.sh
rm -rf "$out" && mkdir -p "$out"
results=$out/results.tsv
: > "$results"

app_cpu() { [ "$pin" = 1 ] && echo "taskset -c 1" || true; }
load_cpu() { [ "$pin" = 1 ] && echo "taskset -c 0" || true; }

app_pid=
sink_pid=
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
  true
}
trap cleanup EXIT

start_app() { # $1 side, $2 log file
  local side=$1 args
  side_launch "$side"
  args=("${side_args[@]}")
  # JFR started later in a running JVM retransforms and deoptimises JDK classes while measuring (the
  # JIT then worked 12 s of a 60 s window and throughput fell 5x): initialise it at launch, with no events
  [ "$profile" = 1 ] && args+=(-XX:StartFlightRecording:settings=none)
  local endpoint=none
  [ "$export_mode" = sink ] && [ "$side" != with-no-export ] && endpoint=http://127.0.0.1:$sink_port
  # shellcheck disable=SC2046,SC2086
  $(app_cpu) java $java_opts "${args[@]}" -cp "$side_cp" dev.o11y.examples.spring.TackleShopApplication \
    --server.port="$port" --o11y.otlp-endpoint="$endpoint" > "$2" 2>&1 9>&- &
  app_pid=$!
  await_app "$app_pid" "$port" "$side" "$2" 120
}

stop_app() {
  kill "$app_pid" && wait "$app_pid" || true
  app_pid=
}

scrape_warm_up() {
  # the measurement scrapes around each endpoint (dropped_spans); scraped for the first time there,
  # the scrape's code was compiled while wrk ran: 1.7-2.4 s of JIT CPU on the app's core in each 30 s
  # measurement of the actuator and SDK sides (0.1 s without), and round-to-round swings of 15 %
  [ "$side" = without ] && return 0
  local i
  for i in $(seq 30); do
    dropped_spans > /dev/null
  done
}

warm_up() { # $1 tag; prints the warm-up seconds spent
  local endpoint spent=0
  warm_tag=$1
  for endpoint in $endpoints; do
    run_wrk "$warmup" "$endpoint" "$out/$1.warmup.txt"
    spent=$((spent + warmup))
  done
  echo $((spent + $(warm_until_jit_quiet $((warmup_max - spent)) $((10 * $(echo $endpoints | wc -w))) warm_pass "$app_pid")))
}

warm_pass() { # 10 s per endpoint, then the scrapes the measurement makes
  local endpoint
  for endpoint in $endpoints; do
    run_wrk 10 "$endpoint" "$out/$warm_tag.warmup.txt"
  done
  scrape_warm_up
}

sys_ticks() { # system clock ticks only: loopback I/O (responses, exports) is kernel time
  awk '{ print $15 }' "/proc/$app_pid/stat"
}

gc_ms() { # collector time so far, from jstat's GCT column
  jstat -gcutil "$app_pid" | awk 'NR == 2 { printf "%d", $NF * 1000 }'
}

dropped_spans() { # the SDK's o11y_sdk_dropped_spans_total, 0 without the SDK
  curl -s "http://127.0.0.1:$port/actuator/prometheus" | awk '/^o11y_sdk_dropped_spans_total/ { s += $NF } END { print s + 0 }'
}

run_wrk() { # $1 seconds, $2 endpoint, $3 output file
  # shellcheck disable=SC2046
  $(load_cpu) wrk --latency -t"$threads" -c"$connections" -d"$1s" "http://127.0.0.1:$port$2" > "$3"
}

profile_summary() { # $1 jfr file
  jfr print --json --stack-depth 256 --events jdk.ExecutionSample "$1" > "${1%.jfr}.json"
  python3 "$here/jfr_top.py" "${1%.jfr}.json"
}

exec 9> "$lock"
echo "waiting for $lock ..." >&2
flock 9
if [ "$export_mode" = sink ]; then
  # shellcheck disable=SC2046
  # 9>&-: a sink or app left behind by a killed run must not keep holding the measurement lock
  $(load_cpu) python3 "$here/otlp_sink.py" "$sink_port" > "$out/sink.log" 2>&1 9>&- &
  sink_pid=$!
  sleep 1
  if ! kill -0 "$sink_pid" 2>/dev/null; then
    echo "the OTLP sink did not start (port $sink_port taken? set SINK_PORT):" >&2
    cat "$out/sink.log" >&2
    exit 1
  fi
fi
read -r -a side_list <<< "$sides"
for round in $(seq "$rounds"); do
  n=${#side_list[@]}
  for k in $(seq 0 $((n - 1))); do
    side=${side_list[$(((k + round - 1) % n))]}
    tag=$side-r$round
    start_app "$side" "$out/$tag.app.log"
    warm_seconds=$(warm_up "$tag")
    jit_before=$(jit_ticks "$app_pid")
    if [ "$profile" = 1 ]; then
      jcmd "$app_pid" JFR.start name=load settings="$PWD/$here/sampling.jfc" "jdk.ExecutionSample#period=${PROFILE_PERIOD:-10ms}" filename="$PWD/$out/$tag.jfr" > /dev/null
    fi
    if [ "$perf" != 0 ]; then
      perf record -q -F 499 $([ "$perf" = callgraph ] && echo -g) -p "$app_pid" -o "$out/$tag.perf.data" 2> /dev/null &
      perf_pid=$!
    fi
    i=0
    for endpoint in $endpoints; do
      i=$((i + 1))
      dropped=$([ "$side" = without ] && echo 0 || dropped_spans)
      ticks=$(process_ticks "$app_pid")
      sys=$(sys_ticks)
      gc=$(gc_ms)
      run_wrk "$duration" "$endpoint" "$out/$tag.e$i.txt"
      ticks=$(($(process_ticks "$app_pid") - ticks))
      sys=$(($(sys_ticks) - sys))
      gc=$(($(gc_ms) - gc))
      dropped=$(($([ "$side" = without ] && echo 0 || dropped_spans) - dropped))
      wrk_fields=$(parse_wrk < "$out/$tag.e$i.txt")
      requests=$(echo "$wrk_fields" | cut -f6)
      cpu_us=$(per_request "$ticks" "$requests")
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$side" "$endpoint" "$wrk_fields" "$cpu_us" "$dropped" >> "$results"
      echo "round $round $side $endpoint: rps, p50, p99, JVM CPU us/request, dropped spans:" \
        "$(tail -1 "$results" | cut -f4-6,10-11 | tr '\t' ' ');" \
        "of the CPU: kernel $((sys * 100 / (ticks > 0 ? ticks : 1)))%," \
        "GC $((gc * $(getconf CLK_TCK) / 10 / (ticks > 0 ? ticks : 1)))%" >&2
    done
    if [ "$profile" = 1 ]; then
      jcmd "$app_pid" JFR.stop name=load > /dev/null
    fi
    if [ "$perf" != 0 ]; then
      kill -INT "$perf_pid" && wait "$perf_pid" || true
      jcmd "$app_pid" Compiler.perfmap > /dev/null # names the JIT-compiled code in perf's report
    fi
    echo "round $round $side: warm-up ${warm_seconds}s; JIT threads used" \
      "$((($(jit_ticks "$app_pid") - jit_before) * 1000 / $(getconf CLK_TCK))) ms CPU while measuring" >&2
    stop_app
    if [ "$perf" != 0 ]; then
      perf report -i "$out/$tag.perf.data" $([ "$perf" = callgraph ] && echo "--children -g none" || echo --no-children) \
        --sort dso,sym --percent-limit 0.3 --stdio 2> /dev/null \
        | grep -v '^#' | grep -v '^$' > "$out/$tag.perf.txt"
      echo "perf: $out/$tag.perf.txt" >&2
    fi
    if [ "$profile" = 1 ]; then
      profile_summary "$out/$tag.jfr" > "$out/$tag.profile.md"
      echo "profile: $out/$tag.profile.md" >&2
    fi
  done
done
[ -n "$sink_pid" ] && kill "$sink_pid" && wait "$sink_pid" || true
sink_pid=
flock -u 9

echo
echo "wrk -t$threads -c$connections, ${duration}s per endpoint after a warm-up of ${warmup}s per endpoint" \
  "then until the JIT is idle (max ${warmup_max}s), $rounds rounds;" \
  "JVM: $java_opts; export: $export_mode; pinning: $([ "$pin" = 1 ] && echo 'app CPU 1, wrk CPU 0' || echo off)"
[ "$export_mode" = sink ] && cat "$out/sink.log"
echo
python3 "$here/table.py" "$results"
