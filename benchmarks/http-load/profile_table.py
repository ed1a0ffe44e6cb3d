#!/usr/bin/env python3
"""Where each side's CPU goes, per request: async-profiler collapsed stacks of two JVMs profiled over
the same seconds (http-paired.sh PROFILE=1), split into what the instrumentation costs and what the
rest of the application costs, in microseconds of CPU per request.

usage: profile_table.py OUT_DIR FIRST SECOND
  OUT_DIR: http-paired.sh's output (results.tsv and r<round>.<endpoint>.<side index>.collapsed)

itimer samples go missing under load (here ~1 in 4 arrive), so samples are not converted to time
by the interval: each measurement's samples are scaled to the JVM CPU per request /proc measured
for that side over the same seconds, then averaged over rounds.

A sample is the instrumentation's when its deepest instrumentation frame (the SDK, OpenTelemetry,
Micrometer, the Prometheus client; not the SDK's log encoder) lies below the deepest frame where
instrumentation hands the request over to the work it measures (the filter chain, the AOP chain,
the JDBC driver, a logging call, an outgoing HTTP call). So a header lookup the tracing filter makes
in Tomcat counts as the filter's, and the request the filter passes on does not. Every other sample is charged to the
nearest frame, from the leaf up, that is not the JDK's own (java/, jdk/, sun/, native code): a
socket write made by Tomcat is Tomcat's. Samples with no such frame (GC, JIT compiler, JDK-only
threads) are charged to their thread group.
"""
import collections
import re
import sys

from paired_table import read_results  # http-load/ is on the path: it is this script's directory

JDK = re.compile(r"^(java/|javax/|jdk/|sun/|com/sun/|\[)|^[^/]*$")
LIBRARIES = [
    ("o11y-sdk (log encoder)", "dev/o11y/sdk/"),
    ("application", "dev/o11y/examples/"),
    ("logging (logback, slf4j, logstash)", ("ch/qos/logback/", "org/slf4j/", "net/logstash/")),
    ("Tomcat", ("org/apache/catalina/", "org/apache/coyote/", "org/apache/tomcat/")),
    ("Spring JDBC", "org/springframework/jdbc/"),
    ("Spring AOP", "org/springframework/aop/"),
    ("Spring (other)", "org/springframework/"),
    ("PostgreSQL driver, Hikari", ("org/postgresql/", "com/zaxxer/")),
    ("Jackson", ("tools/jackson/", "com/fasterxml/")),
    ("OkHttp, Okio (OTLP export)", ("okhttp3/", "okio/")),
]
INSTRUMENTATION = ("dev/o11y/sdk/", "io/opentelemetry/", "io/micrometer/", "io/prometheus/")
NOT_INSTRUMENTATION = ("dev/o11y/sdk/internal/logging/",)
# where instrumentation calls the work it measures: below these, the cost is the work's
HANDOVER = ("org/apache/catalina/core/ApplicationFilterChain.doFilter",
            "org/springframework/aop/framework/ReflectiveMethodInvocation.proceed",
            "org/springframework/aop/framework/CglibAopProxy$CglibMethodInvocation.proceed",
            "org/postgresql/", "com/zaxxer/", "ch/qos/logback/classic/Logger.",
            "org/springframework/http/client/InterceptingClientHttpRequest$InterceptingRequestExecution.execute")


def instrumentation_entry(stack):
    """The frame by which the work entered instrumentation whose cost this sample is, or None."""
    handover = max((i for i, f in enumerate(stack) if f.startswith(HANDOVER)), default=-1)
    for frame in stack[handover + 1:]:
        if frame.startswith(INSTRUMENTATION) and not frame.startswith(NOT_INSTRUMENTATION):
            return frame
    return None


def owner(stack):
    """(library, frame) a sample that is not instrumentation belongs to; stack[0] is the thread."""
    for frame in reversed(stack[1:]):
        if not JDK.match(frame):
            for name, prefixes in LIBRARIES:
                if frame.startswith(prefixes):
                    return name, frame
            return "other: " + "/".join(frame.split("/")[:2]), frame
    thread = re.sub(r"\d+", "#", re.sub(r" tid=\d+", "", stack[0])).strip("[]")
    return f"no library frame: {thread}", f"({thread})"


def load(path, us_per_request):
    """Counters (entry, library, frame) in µs per request: the samples scaled to the measured CPU."""
    entries, libraries, frames = collections.Counter(), collections.Counter(), collections.Counter()
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            stack = [frame.removesuffix("_[j]").removesuffix("_[i]").removesuffix("_[0]") for frame in stack.split(";")]
            entry = instrumentation_entry(stack)
            if entry:
                entries[entry] += int(count)
            else:
                library, frame = owner(stack)
                libraries[library] += int(count)
                frames[frame] += int(count)
    total = sum(entries.values()) + sum(libraries.values())
    scale = us_per_request / total if total else 0
    return [collections.Counter({k: v * scale for k, v in c.items()}) for c in (entries, libraries, frames)]


def table(title, sides, index, rows, labels):
    keys = {k for side in sides for k in side[index]}
    order = sorted(keys, key=lambda k: -abs(sides[1][index][k] - sides[0][index][k]))
    print(f"| {title} | {labels[0]} µs/req | {labels[1]} µs/req | difference |")
    print("|---|---:|---:|---:|")
    for k in order[:rows]:
        a, b = sides[0][index][k], sides[1][index][k]
        if max(a, b) >= 0.05:
            print(f"| {k} | {a:.2f} | {b:.2f} | {b - a:+.2f} |")
    a, b = (sum(side[index].values()) for side in sides)
    print(f"| **all** | **{a:.1f}** | **{b:.1f}** | **{b - a:+.1f}** |")
    print()


def main(out, labels):
    measured = collections.defaultdict(dict)  # endpoint -> round -> side -> JVM µs/req
    for row in read_results(f"{out}/results.tsv"):
        measured[row.endpoint].setdefault(row.round, {})[row.side] = row.jvm
    for endpoint, rounds in measured.items():
        tag = re.sub(r"[^a-z0-9\n]", "_", endpoint)
        sides = [[collections.Counter() for _ in range(3)] for _ in labels]
        for rnd, cpu in rounds.items():
            for i, label in enumerate(labels):
                for total, part in zip(sides[i], load(f"{out}/r{rnd}.{tag}.{i}.collapsed", cpu[label])):
                    total.update({k: v / len(rounds) for k, v in part.items()})
        instrumentation = [sum(side[0].values()) for side in sides]
        rest = [sum(side[1].values()) for side in sides]
        print(f"### `{endpoint}`, mean of {len(rounds)} rounds\n")
        print(f"| JVM CPU per request | {labels[0]} | {labels[1]} | {labels[1]} / {labels[0]} |")
        print("|---|---:|---:|---:|")
        base = instrumentation[0] + rest[0]
        print(f"| instrumentation, with what it calls | {instrumentation[0]:.1f} µs | {instrumentation[1]:.1f} µs | "
              f"{100 * (instrumentation[1] - instrumentation[0]) / base:+.1f} % |")
        print(f"| everything else | {rest[0]:.1f} µs | {rest[1]:.1f} µs | {100 * (rest[1] - rest[0]) / base:+.1f} % |")
        print(f"| **all** | **{base:.1f} µs** | **{instrumentation[1] + rest[1]:.1f} µs** | "
              f"**{(instrumentation[1] + rest[1]) / base:.3f}** |")
        print()
        table("instrumentation, entered by", sides, 0, 15, labels)
        table("everything else, by library", sides, 1, 15, labels)
        table("everything else, by frame", sides, 2, 20, labels)


if __name__ == "__main__":
    main(*sys.argv[1:2], sys.argv[2:4])
