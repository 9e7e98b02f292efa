#!/usr/bin/env python3
"""Where a JFR recording's CPU samples are, for profile.sh: the top frames by self samples and, by inclusive
samples, the methods and packages that matter on Cinemix's request paths.

  jfr_top.py RECORDING.jfr [TOP]

Reads `jfr print --json --events jdk.ExecutionSample` (Java threads running Java code; samples in native code
without a Java frame, and the JIT and GC threads, are not in it). Frames are "class.method"; a sample counts once per
method or package however deep it recurs."""
import json
import re
import subprocess
import sys
from collections import Counter

GROUPS = [  # (label, prefix of the frame): the first that matches a frame names its group for "self" samples
    ("logging (logback, slf4j, System.Logger bridge)", ("ch.qos.logback.", "org.slf4j.")),
    ("cinemix", ("io.cinemix.",)),
    ("micronaut", ("io.micronaut.",)),
    ("netty", ("io.netty.",)),
    ("lettuce / reactor", ("io.lettuce.", "reactor.")),
    ("zlib / gzip", ("java.util.zip.",)),
    ("JDK: concurrent", ("java.util.concurrent.",)),
    ("JDK: other", ("java.", "jdk.", "sun.")),
]


def group(frame):
    for label, prefixes in GROUPS:
        if frame.startswith(prefixes):
            return label
    return "other"


def frames(event):
    out = []
    for f in event["values"]["stackTrace"]["frames"]:
        m = f["method"]
        out.append(m["type"]["name"].replace("/", ".") + "." + m["name"])
    return out  # top first


def main(path, top=25):
    data = json.loads(subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", path],
                                     capture_output=True, text=True, check=True).stdout)
    events = data["recording"]["events"]
    events = [e for e in events if e["values"].get("stackTrace")]
    stacks = [frames(e) for e in events]
    threads = Counter(re.sub(r"-\d+$", "-<n>", e["values"]["sampledThread"]["javaName"]) for e in events)
    total = len(stacks)
    if not total:
        raise SystemExit("no execution samples in " + path)
    self_frames = Counter(s[0] for s in stacks if s)
    self_groups = Counter(group(s[0]) for s in stacks if s)
    inclusive = Counter()
    for s in stacks:
        inclusive.update(set(s))
    print(f"{total} execution samples")
    print("\nby thread (numbered threads of a pool together)")
    for name, n in threads.most_common(8):
        print(f"  {100 * n / total:5.1f} %  {name}")
    print("\nself samples by group (the frame on top of the stack)")
    for label, n in self_groups.most_common():
        print(f"  {100 * n / total:5.1f} %  {label}")
    print(f"\ntop {top} frames by self samples")
    for frame, n in self_frames.most_common(top):
        print(f"  {100 * n / total:5.1f} %  {frame}")
    nearest = Counter()
    for s in stacks:
        mine = [f for f in s if f.startswith("io.cinemix.")]
        nearest[mine[0].rsplit(".", 1)[0].split("$")[0] if mine else "(no Cinemix frame: framework, JDK, I/O)"] += 1
    print("\nby the Cinemix class nearest the top of the stack (what the sample runs for)")
    for cls, n in nearest.most_common(top):
        print(f"  {100 * n / total:5.1f} %  {cls}")
    print(f"\ntop {top} Cinemix, logging, Micronaut and zlib methods by inclusive samples")
    shown = 0
    for frame, n in inclusive.most_common():
        if frame.startswith(("io.cinemix.", "ch.qos.logback.", "org.slf4j.", "io.micronaut.", "java.util.zip.")):
            print(f"  {100 * n / total:5.1f} %  {frame}")
            shown += 1
            if shown == top:
                break


if __name__ == "__main__":
    main(sys.argv[1], *[int(a) for a in sys.argv[2:3]])
