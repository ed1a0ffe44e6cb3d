# Shared by http-load.sh (sides one after another) and http-paired.sh (two sides at once).
# Sourced from the repository root.

# side_launch SIDE: sets side_cp (classpath) and side_args (JVM arguments) for one side
side_launch() {
  side_cp=$(cat examples/spring-boot/target/classpath-with.txt)
  side_args=()
  local ten_pct=(-Dotel.traces.sampler=parentbased_traceidratio -Dotel.traces.sampler.arg=0.1)
  case $1 in
    without) side_cp=$(cat examples/spring-boot/target/classpath-without.txt) ;;
    actuator) side_cp=$(cat examples/spring-boot/target/classpath-actuator.txt)
      side_args+=(-Dmanagement.endpoints.web.exposure.include=health,prometheus) ;;
    with) ;;
    with-10pct) side_args+=("${ten_pct[@]}") ;;
    baseline-10pct) side_cp=$(cat "${BASELINE_CP:?BASELINE_CP: classpath-with.txt of another checkout}")
      side_args+=("${ten_pct[@]}") ;;
    # actuator's endpoints off the application's port: on a management port of their own, or none
    with-10pct-management-port) side_args+=("${ten_pct[@]}" -Dmanagement.server.port=0) ;;
    with-10pct-no-endpoints) side_args+=("${ten_pct[@]}" -Dmanagement.server.port=-1) ;;
    # Boot's order: every application request matched against actuator's endpoints first
    with-10pct-no-gate) side_args+=("${ten_pct[@]}" -Do11y.actuator.mapping-gate=false) ;;
    with-boot-obs) side_args+=(-Dmanagement.observations.enable.http.server.requests=true) ;;
    with-no-export) ;;
    *) echo "unknown side $1" >&2; exit 2 ;;
  esac
}

# wrk --latency output -> "rps<TAB>p50 ms<TAB>p99 ms<TAB>non-2xx<TAB>socket errors<TAB>requests"
parse_wrk() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { gsub(",", ""); errors = $4 + $6 + $8 + $10 }
    / requests in / { requests = $1 }
    END { printf "%s\t%.3f\t%.3f\t%d\t%d\t%d\n", rps, p50, p99, bad, errors, requests }'
}

process_ticks() { # $1 pid: its user + system clock ticks so far
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

per_request() { # $1 clock ticks, $2 requests -> microseconds per request
  awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", n ? t * 1e6 / hz / n : 0 }'
}

jit_ticks() { # $1 pid: user + system clock ticks of its JIT compiler threads so far
  thread_ticks "$1" | awk -F'\t' '$2 ~ /^C[12] Compiler/ { sum += $3 } END { print sum + 0 }'
}

await_app() { # $1 pid, $2 port, $3 side, $4 its log, $5 seconds: until the app answers, or exit
  local deadline=$((SECONDS + $5))
  until curl -sf -o /dev/null "http://127.0.0.1:$2/products/1"; do
    if [ $SECONDS -gt $deadline ] || ! kill -0 "$1" 2> /dev/null; then
      echo "the app ($3) did not start; see $4" >&2
      exit 1
    fi
    sleep 0.5
  done
}

# warm_until_jit_quiet MAX_SECONDS PASS_SECONDS PASS_COMMAND PID...: runs PASS_COMMAND (a pass of load
# taking PASS_SECONDS) until the JIT compiler threads of every PID used at most 2 % of a pass, two
# passes in a row (C2 often pauses for one pass and then compiles for another minute), or MAX_SECONDS
# are spent; prints the seconds spent
warm_until_jit_quiet() {
  local max=$1 pass=$2 command=$3 spent=0 quiet=0 busy pid
  shift 3
  local pids=("$@") before=()
  while [ "$spent" -lt "$max" ]; do
    for pid in "${!pids[@]}"; do before[$pid]=$(jit_ticks "${pids[$pid]}"); done
    "$command" > /dev/null
    spent=$((spent + pass))
    busy=0
    for pid in "${!pids[@]}"; do
      [ $((($(jit_ticks "${pids[$pid]}") - before[pid]) * 1000 / $(getconf CLK_TCK) * 50)) -gt $((pass * 1000)) ] && busy=1
    done
    if [ "$busy" = 0 ]; then
      quiet=$((quiet + 1))
      [ "$quiet" -ge 2 ] && break
    else
      quiet=0
    fi
  done
  echo "$spent"
}

thread_ticks() { # $1 pid: "tid<TAB>thread-name<TAB>ticks" for each of its threads (user + system so far)
  python3 "$here/thread_cpu.py" snapshot "$1"
}
