#!/usr/bin/env python3
"""The soak's report (benchmarks/soak/run.sh): statuses per second and kind, per phase, and the checks.
Arguments: <work dir> <soak seconds> <writes Redis refused with OOM in the maxmemory phase>
<new ids stored after the soak, of 20> <leases left> <Redis used memory>.
Exit 1 when a check fails."""
import json
import os
import sys
from collections import Counter, defaultdict

work, redis_memory = sys.argv[1], sys.argv[6]
total_s, oom, stored, leases = (int(a) for a in sys.argv[2:6])
KINDS = ["hit", "miss", "unknown", "search", "bad"]
REDIS_FAULT_PHASES = range(0, 9)  # phases 0-8: only Redis fails, the upstream is well

phases, starts = {}, {}
for line in open(os.path.join(work, "phases.txt")):
    index, start, name = line.rstrip("\n").split(" ", 2)
    phases[int(index)], starts[int(index)] = name, int(start)
last_phase = max(phases)
length = {i: (starts[i + 1] if i < last_phase else total_s) - starts[i] for i in phases}

runs = {}
statuses = defaultdict(lambda: defaultdict(Counter))  # second -> kind -> status -> n
for kind in KINDS:
    with open(os.path.join(work, "wrk_%s.json" % kind)) as f:
        run = json.loads(f.read())
    runs[kind] = run
    for key, n in run["counts"].items():
        second, status = key.split(":")
        statuses[int(second)][kind][int(status)] += n

rss, counters = {}, {}
for line in open(os.path.join(work, "rss.txt")):
    second, kib, *values = line.split()
    rss[int(second)] = int(kib) // 1024
    if "-" not in values:
        counters[int(second)] = [int(v) for v in values]  # Redis cache hits, Redis cache errors, OMDb calls


def increase(second):
    """The counters' increase a second since the sample before: 'redis hits/errors omdb calls'."""
    earlier = [s for s in counters if s < second]
    if second not in counters or not earlier:
        return ""
    before = max(earlier)
    now, then = counters[second], counters[before]
    return "%d/%d %d" % tuple((a - b) // (second - before) for a, b in zip(now, then))


def phase_of(second):
    return max(i for i in phases if starts[i] <= second)


def cell(counter):
    return ",".join("%d:%d" % (status, n) for status, n in sorted(counter.items())) or "-"


print("== statuses per second (status:count), each kind in its own wrk; the app's rss in MiB; over the second before:")
print("   Redis cache hits/errors and OMDb calls, from /metrics")
print("%4s %-2s  %-18s %-22s %-14s %-22s %-10s %4s %s" % ("s", "ph", *KINDS, "rss", "redis h/e omdb"))
for second in sorted(statuses):
    if second >= total_s:
        continue  # the wrk runs' last 2 s, after the last phase
    row = statuses[second]
    print("%4d %-2d  %-18s %-22s %-14s %-22s %-10s %4s %s" % (
        second, phase_of(second), *(cell(row[k]) for k in KINDS), rss.get(second, ""), increase(second)))

by_phase = defaultdict(lambda: defaultdict(Counter))
for second, row in statuses.items():
    for kind, counter in row.items():
        by_phase[phase_of(second)][kind].update(counter)

print("\n== statuses per phase")
print("| phase | " + " | ".join(KINDS) + " | rss MiB (max) |")
print("|---|" + "---|" * (len(KINDS) + 1))
for index in sorted(phases):
    seconds = [s for s in rss if phase_of(s) == index]
    print("| %d. %s (%d s) | %s | %s |" % (index, phases[index], length[index],
                                     " | ".join(cell(by_phase[index][k]).replace(",", ", ") for k in KINDS),
                                     max(rss[s] for s in seconds) if seconds else "-"))

print("\n== per kind over the whole soak")
for kind in KINDS:
    run = runs[kind]
    print("%-8s requests %7d  latency p50 %7.2f ms  p99 %8.2f ms  max %8.2f ms  socket errors %s" % (
        kind, run["requests"], run["latency_ms"]["p50"], run["latency_ms"]["p99"], run["latency_ms"]["max"],
        run["errors"]))


def lines(name):
    with open(os.path.join(work, name)) as f:
        return set(f.read().split())


before_kill, after_restart, before_full, end = (lines(n) for n in
                                                ("before_kill.txt", "after_restart.txt", "before_full.txt", "end.txt"))
checks = []


def check(ok, text):
    checks.append(ok)
    print("%s %s" % ("PASS" if ok else "FAIL", text))


print("\n== checks")
redis_5xx = Counter()
for index in REDIS_FAULT_PHASES:
    for kind in KINDS:
        redis_5xx.update({(index, kind, s): n for s, n in by_phase[index][kind].items() if s >= 500})
check(not redis_5xx, "no 5xx while only Redis fails (phases 0-8): %s" % (dict(redis_5xx) or "none"))
hit_5xx = sum(n for p in by_phase for s, n in by_phase[p]["hit"].items() if s >= 500)
check(hit_5xx == 0, "no 5xx for a cached id in any phase, upstream faults included: %d" % hit_5xx)
not_400 = sum(n for p in by_phase for s, n in by_phase[p]["bad"].items() if s != 400)
check(not_400 == 0, "every bad request answered 400 in every phase: %d other answers" % not_400)
unknown_other = sum(n for p in REDIS_FAULT_PHASES for s, n in by_phase[p]["unknown"].items() if s != 404)
check(unknown_other == 0, "every unknown id answered 404 while the upstream is well: %d other answers" % unknown_other)
check(not (before_kill - end), "no key present before the SIGKILL missing at the end: %d of %d missing "
      "(%d missing just after the restart)" % (len(before_kill - end), len(before_kill), len(before_kill - after_restart)))
check(not (before_full - end), "no key present before the maxmemory phase missing at the end: %d of %d missing"
      % (len(before_full - end), len(before_full)))
check(oom > 0, "Redis refused writes in the maxmemory phase (errorstat_OOM): %d" % oom)
check(stored == 20, "after the soak, new ids are answered and stored in Redis: %d of 20" % stored)
check(leases == 0, "no fetch lease left in Redis: %d" % leases)
hit_timeouts = runs["hit"]["errors"]["timeout"] + runs["bad"]["errors"]["timeout"]
check(hit_timeouts == 0, "no cached id or bad request waited 10 s (wrk timeouts): %d" % hit_timeouts)
first = [rss[s] for s in rss if phase_of(s) <= 5]
rest = [rss[s] for s in rss if phase_of(s) >= 6 and s < total_s]
if first and rest:
    # Flat: the heap is bounded (-Xmx) and pre-touched; what still grew after the first half would be off-heap or a leak.
    check(max(rest) <= 1.05 * max(first), "rss flat over the second half (at most 5 %% above the first's): max %d MiB "
          "in phases 0-5, %d MiB from phase 6 on, %d MiB at the end" % (max(first), max(rest), rss[max(rss)]))
print("redis used memory at the end: %s; movie_/missing_ keys at the end: %d" % (redis_memory, len(end)))
sys.exit(0 if all(checks) else 1)
