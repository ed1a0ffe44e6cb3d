#!/usr/bin/env bash
# Two sides of the HTTP load test at the same time, sharing one CPU: the SDK's cost per request
# measured so that whatever the machine does meanwhile hits both sides alike.
#
#   PAIR="actuator with-10pct" benchmarks/http-paired.sh      # 5 rounds x 20 s per endpoint, ~20 min
#   ROUNDS=3 DURATION=15 PAIR="without with" benchmarks/http-paired.sh
#   THREADS=1 ...                                                  # also each JVM's CPU per request by thread group
#   PROFILE=1 ...                                                  # also async-profiler on both over the same seconds:
#                                                                  # the instrumentation's CPU per request, with what
#                                                                  # it calls, apart from everything else's
#
# Why: measured one after another (http-load.sh), the same build's cost per request moved between
# two levels ~40 % apart from one 15 s window to the next, with the JIT idle and no GC, on the
# baseline too. On a shared VM that is the host, and it swamps a 5 % question. Here both apps run on
# CPU 1 (each with its own embedded PostgreSQL, started by the app and so pinned with it), each
# loaded by its own wrk on CPU 0, over the same seconds. The scheduler shares CPU 1 between them, so
# requests/s are not the result: the result is CPU time per request of each app's process tree (the
# JVM plus its PostgreSQL), and the ratio of the two sides' costs within each round. On a CPU of its
# own a side's throughput is the inverse of that cost, so "cost ratio" 1.05 reads as ~5 % fewer
# requests/s; http-load.sh still measures throughput directly.
#
# Sides: the names http-load.sh takes (without, actuator, with, with-10pct, ...); PAIR holds two.
set -euo pipefail
cd "$(dirname "$0")/.."
here=benchmarks/http-load
# shellcheck source=http-load/lib.sh
. "$here/lib.sh"
read -r -a pair <<< "${PAIR:-actuator with-10pct}"
[ "${#pair[@]}" = 2 ] || { echo "PAIR: two sides, e.g. PAIR=\"actuator with-10pct\"" >&2; exit 2; }
labels=("${pair[@]}")
# the same side twice (an A/A run: what the method reads when there is nothing to find)
[ "${pair[0]}" = "${pair[1]}" ] && labels=("${pair[0]}.a" "${pair[1]}.b")
rounds=${ROUNDS:-5}
duration=${DURATION:-20}
warmup_max=${WARMUP_MAX:-300}
connections=${CONNECTIONS:-16}
endpoints=${ENDPOINTS:-/products/2 /products?q=o}
java_opts=${JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseSerialGC}
ports=(${PORT:-18080} $((${PORT:-18080} + 1)))
sink_port=${SINK_PORT:-14318}
lock=${O11Y_MEASURE_LOCK:-/tmp/o11y-measure.lock}
out=benchmarks/target/http-paired
[ "$(getconf _NPROCESSORS_ONLN)" -ge 2 ] || { echo "needs 2 CPUs: the apps on one, the load on the other" >&2; exit 2; }
command -v wrk > /dev/null || { $([ "$(id -u)" -eq 0 ] || echo sudo) apt-get install -y -qq wrk > /dev/null; }

examples/spring-boot/classpaths.sh
if [ -n "${PROFILE:-}" ]; then
  # async-profiler as the Pyroscope agent bundles it: no other download, and the same build users run
  mkdir -p benchmarks/target
  profiler_lib=$PWD/benchmarks/target/libasyncProfiler.so
  case $(uname -m) in aarch64 | arm64) arch=arm64 ;; *) arch=x64 ;; esac
  unzip -p "$(tr ':' '\n' < examples/spring-boot/target/classpath-with.txt | grep '/io/pyroscope/agent/')" \
    "libasyncProfiler-linux-$arch.so" > "$profiler_lib"
  profile_interval_us=${PROFILE_INTERVAL_US:-1000}
fi
profiler() { # $1 pid, $2 async-profiler options; jcmd splits arguments on commas unless quoted
  jcmd "$1" JVMTI.agent_load "$profiler_lib" "\"$2\"" > /dev/null
}
rm -rf "$out" && mkdir -p "$out"
results=$out/results.tsv
: > "$results"

pids=()
postmasters=()
sink_pid=
cleanup() {
  local pid
  for pid in "${pids[@]}" $sink_pid; do kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null; done
  true
}
trap cleanup EXIT

start_app() { # $1 index into pair/ports, $2 log file
  local side=${pair[$1]} port=${ports[$1]}
  side_launch "$side"
  # shellcheck disable=SC2086
  taskset -c 1 java $java_opts "${side_args[@]}" -cp "$side_cp" dev.o11y.examples.spring.TackleShopApplication \
    --server.port="$port" --o11y.otlp-endpoint="http://127.0.0.1:$sink_port" > "$2" 2>&1 9>&- &
  pids[$1]=$!
  await_app "${pids[$1]}" "$port" "$side" "$2" 180
  postmasters[$1]=$(postmaster_of "${pids[$1]}")
}

postmaster_of() { # $1 JVM pid: the embedded PostgreSQL it connects to (pg_ctl leaves it a child of init)
  local pid port
  for pid in $(pgrep -x postgres -P 1); do
    port=$(tr '\0' ' ' < "/proc/$pid/cmdline" | sed -n 's/.* -p \([0-9]*\).*/\1/p')
    if [ -n "$port" ] && ss -tnp | grep "127.0.0.1\]*:$port " | grep -q "pid=$1,"; then
      echo "$pid"
      return
    fi
  done
  echo "no PostgreSQL found for JVM $1" >&2
  exit 1
}

tree_ticks() { # $1 JVM pid, $2 its postmaster: user + system clock ticks of the JVM and all of PostgreSQL
  local pid sum
  sum=$(process_ticks "$1")
  for pid in $2 $(pgrep -P "$2"); do
    sum=$((sum + $(process_ticks "$pid" 2> /dev/null || echo 0)))
  done
  echo "$sum"
}

load_both() { # $1 seconds, $2 endpoint, $3 output prefix: both wrk at once, both on CPU 0
  local i wrk_pids=()
  for i in 0 1; do
    taskset -c 0 wrk --latency -t1 -c"$connections" -d"$1s" "http://127.0.0.1:${ports[$i]}$2" > "$3.$i.txt" &
    wrk_pids+=($!)
  done
  wait "${wrk_pids[@]}"
}

scrape_warm_up() { # the measurement does not scrape, but a Prometheus would: compiled before measuring
  local i n
  for i in 0 1; do
    [ "${pair[$i]}" = without ] && continue
    for n in $(seq 30); do curl -s -o /dev/null "http://127.0.0.1:${ports[$i]}/actuator/prometheus"; done
  done
}

warm_up() { # $1 tag: 10 s passes over all endpoints, both apps at once, until both JVMs' JIT is quiet
  warm_tag=$1
  warm_until_jit_quiet "$warmup_max" $((10 * $(echo $endpoints | wc -w))) warm_pass "${pids[@]}"
}

warm_pass() {
  local endpoint
  for endpoint in $endpoints; do
    load_both 10 "$endpoint" "$out/$warm_tag.warmup"
  done
  scrape_warm_up
}

exec 9> "$lock"
echo "waiting for $lock ..." >&2
flock 9
# 9>&-: a sink or app left behind by a killed run must not keep holding the measurement lock
taskset -c 0 python3 "$here/otlp_sink.py" "$sink_port" > "$out/sink.log" 2>&1 9>&- &
sink_pid=$!
for round in $(seq "$rounds"); do
  tag=r$round
  # who starts first alternates: the second JVM starts while the first one's PostgreSQL settles
  first=$(((round + 1) % 2))
  start_app "$first" "$out/$tag.${labels[$first]}.app.log"
  start_app $((1 - first)) "$out/$tag.${labels[$((1 - first))]}.app.log"
  warm=$(warm_up "$tag")
  for endpoint in $endpoints; do
    tree=() jvm=() jit=() thread_args=()
    snap=$out/$tag.$(echo "$endpoint" | tr -c 'a-z0-9\n' _)
    # the profiler is attached before and dumped after the CPU readings: its own work is not measured
    [ -n "${PROFILE:-}" ] && for i in 0 1; do profiler "${pids[$i]}" "start,event=itimer,interval=${profile_interval_us}us,threads"; done
    for i in 0 1; do
      [ -n "${THREADS:-}" ] && thread_ticks "${pids[$i]}" > "$snap.$i.before"
      tree[$i]=$(tree_ticks "${pids[$i]}" "${postmasters[$i]}"); jvm[$i]=$(process_ticks "${pids[$i]}")
      jit[$i]=$(jit_ticks "${pids[$i]}")
    done
    load_both "$duration" "$endpoint" "$out/$tag.measure"
    for i in 0 1; do
      tree[$i]=$(($(tree_ticks "${pids[$i]}" "${postmasters[$i]}") - tree[i]))
      jvm[$i]=$(($(process_ticks "${pids[$i]}") - jvm[i]))
      jit[$i]=$(($(jit_ticks "${pids[$i]}") - jit[i]))
      [ -n "${THREADS:-}" ] && thread_ticks "${pids[$i]}" > "$snap.$i.after"
    done
    [ -n "${PROFILE:-}" ] && for i in 0 1; do profiler "${pids[$i]}" "stop,collapsed,file=$PWD/$snap.$i.collapsed"; done
    for i in 0 1; do
      fields=$(parse_wrk < "$out/$tag.measure.$i.txt")
      requests=$(echo "$fields" | cut -f6)
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "${labels[$i]}" "$endpoint" "$fields" \
        "$(per_request "${tree[$i]}" "$requests")" "$(per_request "${jvm[$i]}" "$requests")" \
        "$(per_request "${jit[$i]}" "$requests")" >> "$results"
      echo "round $round ${labels[$i]} $endpoint: rps p50 p99 tree-CPU-µs/req JVM-CPU-µs/req:" \
        "$(tail -1 "$results" | cut -f4-6,10-11 | tr '\t' ' ')" >&2
      thread_args+=("${labels[$i]}" "$requests" "$snap.$i.before" "$snap.$i.after")
    done
    if [ -n "${THREADS:-}" ]; then
      { echo; echo "round $round, $endpoint: JVM CPU by thread"; echo
        python3 "$here/thread_cpu.py" table "${thread_args[@]}"; } >> "$out/threads.md"
    fi
  done
  echo "round $round: warm-up ${warm}s" >&2
  for i in 0 1; do kill "${pids[$i]}"; wait "${pids[$i]}" || true; done
  pids=()
done
kill "$sink_pid" && wait "$sink_pid" || true
sink_pid=
flock -u 9

echo
echo "both sides at once on CPU 1 (each with its PostgreSQL), each loaded by wrk -t1 -c$connections on CPU 0;" \
  "${duration}s per endpoint, $rounds rounds; JVM: $java_opts; spans exported to otlp_sink.py"
echo
python3 "$here/paired_table.py" "$results" "${labels[0]}" "${labels[1]}"
[ -z "${THREADS:-}" ] || cat "$out/threads.md"
if [ -n "${PROFILE:-}" ]; then
  python3 "$here/profile_table.py" "$out" "${labels[0]}" "${labels[1]}" > "$out/profiles.md"
  sed -n '1,/^| \*\*all\*\* |/p' "$out/profiles.md"
  echo "instrumentation by entry point, the rest by library and frame, per endpoint: $out/profiles.md"
fi
