#!/usr/bin/env python3
"""Where the CPU goes, from `jfr print --json --stack-depth 256 --events jdk.ExecutionSample rec.jfr > rec.json`.

Each sample is charged to an owner: walking from the leaf towards the thread's root, JDK frames and
shared libraries (logging, Micrometer, Jackson...) are passed through, and the first frame of an
owning code base decides (the SDK, OpenTelemetry, the logstash encoder, Spring, Tomcat, the JDBC
driver, the app). So String.format called by the SDK is the SDK's; a Micrometer timer recorded by
Boot's observation filter is Spring's ("via micrometer" says which library did the work).
usage: jfr_top.py rec.json [top-n]
"""
import collections
import json
import re
import sys

OWNERS = [  # prefix -> owner; first match wins, so the more specific prefixes come first
    ("dev.o11y.sdk.", "o11y-sdk"),
    ("dev.o11y.examples.", "app"),
    ("io.opentelemetry.instrumentation.jdbc", "otel-jdbc"),
    ("io.opentelemetry.exporter", "otel-export"),
    ("io.opentelemetry.", "otel-sdk"),
    ("okhttp3.", "otel-export"),
    ("okio.", "otel-export"),
    ("net.logstash.", "logstash-encoder"),
    ("org.springframework.boot.", "spring-boot"),
    ("org.springframework.", "spring"),
    ("org.apache.catalina.", "tomcat"),
    ("org.apache.coyote.", "tomcat"),
    ("org.apache.tomcat.", "tomcat"),
    ("org.postgresql.", "pg-driver"),
    ("com.zaxxer.", "hikari"),
]
PASS_THROUGH = [
    ("io.micrometer.", "micrometer"),
    ("io.prometheus.", "micrometer"),
    ("org.HdrHistogram.", "micrometer"),
    ("ch.qos.logback.", "logback"),
    ("org.slf4j.", "logback"),
    ("tools.jackson.", "jackson"),
    ("com.fasterxml.", "jackson"),
    ("kotlin.", "kotlin"),
]
SDK_SIDE = {"o11y-sdk", "otel-jdbc", "otel-export", "otel-sdk", "logstash-encoder"}


def frame_name(frame):
    method = frame["method"]
    cls = method["type"]["name"].replace("/", ".")
    return cls, method["name"]


def classify(cls, table):
    for prefix, owner in table:
        if cls.startswith(prefix):
            return owner
    return None


def entry(frames):
    """Where the application or framework called into the SDK side: its two outermost frames."""
    sdk = []
    for frame in frames:
        cls, name = frame_name(frame)
        owner = classify(cls, OWNERS)
        if owner is not None and owner not in SDK_SIDE:
            break
        if owner is not None:
            sdk.append(f"{cls.rsplit('.', 1)[-1]}.{name}")
    return " > ".join(reversed(sdk[-2:]))


def main():
    data = json.load(open(sys.argv[1]))
    top_n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    events = data["recording"]["events"]
    owners = collections.Counter()
    sdk_frames = collections.Counter()
    leaf_frames = collections.Counter()
    threads = collections.Counter()
    entries = collections.Counter()
    total = 0
    for event in events:
        frames = event["values"]["stackTrace"]["frames"]
        if not frames:
            continue
        total += 1
        thread = event["values"].get("sampledThread") or {}
        threads[re.sub(r"\d+", "N", thread.get("javaName") or thread.get("osName") or "?")] += 1
        via = None
        owner = "jdk/other"
        owner_frame = None
        owner_index = None
        for index, frame in enumerate(frames):  # leaf first
            cls, _ = frame_name(frame)
            found = classify(cls, OWNERS)
            if found:
                owner, owner_frame, owner_index = found, frame, index
                break
            via = via or classify(cls, PASS_THROUGH)
        if owner in SDK_SIDE:
            entries[entry(frames[owner_index:])] += 1
        label = owner + (f" via {via}" if via else "")
        owners[label] += 1
        cls, name = frame_name(frames[0])
        leaf_frames[f"{cls}.{name}"] += 1
        if owner in SDK_SIDE and owner_frame is not None:
            ocls, oname = frame_name(owner_frame)
            sdk_frames[f"{ocls}.{oname}"] += 1
    if total == 0:
        print("no samples")
        return
    sdk = sum(c for label, c in owners.items() if label.split(" ")[0] in SDK_SIDE)
    print(f"{total} execution samples; charged to the SDK side (o11y-sdk, OpenTelemetry, logstash encoder): "
          f"{sdk} ({sdk * 100 / total:.1f}%)\n")
    print("| owner | samples | % |\n|---|---:|---:|")
    for label, count in owners.most_common():
        print(f"| {label} | {count} | {count * 100 / total:.1f} |")
    print("\n| thread | samples | % |\n|---|---:|---:|")
    for name, count in threads.most_common(8):
        print(f"| {name} | {count} | {count * 100 / total:.1f} |")
    print(f"\nEntries into the SDK side (outermost two frames) of those samples, top {top_n}:\n"
          "\n| entry | samples | % |\n|---|---:|---:|")
    for name, count in entries.most_common(top_n):
        print(f"| `{name}` | {count} | {count * 100 / total:.1f} |")
    print(f"\nSDK-side frames that own samples (top {top_n}):\n\n| frame | samples | % |\n|---|---:|---:|")
    for frame, count in sdk_frames.most_common(top_n):
        print(f"| `{frame}` | {count} | {count * 100 / total:.1f} |")
    print(f"\nLeaf frames (top {top_n}):\n\n| frame | samples | % |\n|---|---:|---:|")
    for frame, count in leaf_frames.most_common(top_n):
        print(f"| `{frame}` | {count} | {count * 100 / total:.1f} |")


main()
