#!/usr/bin/env python3
"""Cold bursts for the peer benchmark (run.sh), with the C client benchmarks/load/burst.c.

  bursts.py burst BURST_BIN SYSTEM PORT STUB_URL PATH_TEMPLATE PREFIX [N K]
      Resets the stub's journal, sends N (200) requests at once over K (20) ids nothing has asked for yet
      (tt<PREFIX><nnn>, PATH_TEMPLATE with {id}) on connections opened beforehand, and prints one JSON line: the
      upstream calls the stub counted, the statuses, per request its latency over the upstream's (its own latency
      less the time from its id's upstream request arriving at the stub to the stub sending the answer; one
      CLOCK_MONOTONIC for the machine), and per id the release spread (first answer for the id to its last).
  bursts.py summary FILE.jsonl
      Pools the bursts of each system: calls per burst, over-upstream p50/p99/max, spread p50/max, and per id the
      time to the upstream call and from its answer to the first answer (p50/max), as JSON lines; then, for each
      other system, its ratios to Varnish's p50s (issue 26, goal 3): time over the upstream and time to the upstream
      call, as JSON lines {"system", "vs": "varnish", "over_upstream_p50", "upstream_asked_after_p50"}.

Loopback only; one burst is bounded by N requests and burst.c's 30 s timeout."""
import json
import statistics
import subprocess
import sys
import urllib.request
from collections import defaultdict


def stub(url, path, method="GET"):
    return json.load(urllib.request.urlopen(urllib.request.Request(url + path, method=method), timeout=5))


def burst(binary, system, port, stub_url, template, prefix, n=200, k=20):
    stub(stub_url, "/__reset", "POST")
    ids = ["tt%s%03d" % (prefix, i) for i in range(k)]
    paths = [template.format(id=ids[i % k]) for i in range(n)]
    out = subprocess.run([binary, "127.0.0.1", port], input="\n".join(paths) + "\n", capture_output=True,
                         text=True, timeout=60)
    if out.returncode != 0:
        raise SystemExit(system + ": burst client failed: " + out.stderr.strip())
    calls = stub(stub_url, "/__calls")["calls"]
    answered, arrived = stub(stub_url, "/__answered"), stub(stub_url, "/__arrived")
    rows = [line.split() for line in out.stdout.splitlines()]
    statuses, over, done_by_id = defaultdict(int), [], defaultdict(list)
    for index, status, sent, done in rows:
        imdb_id = ids[int(index) % k]
        statuses[status] += 1
        upstream = answered[imdb_id] - arrived[imdb_id]
        over.append(round((float(done) - float(sent) - upstream) * 1000, 2))
        done_by_id[imdb_id].append(float(done))
    spread = [round((max(d) - min(d)) * 1000, 2) for d in done_by_id.values()]
    sent_by_id = defaultdict(list)
    for index, _, sent, _ in rows:
        sent_by_id[ids[int(index) % k]].append(float(sent))
    # Where the time over the upstream goes: before the upstream call (the first request for the id written to the
    # stub's request arriving) and after it (the stub's answer going out to the first answer for the id).
    before = [round((arrived[i] - min(sent_by_id[i])) * 1000, 2) for i in ids]
    after = [round((min(done_by_id[i]) - answered[i]) * 1000, 2) for i in ids]
    print(json.dumps({"system": system, "upstream_calls": calls, "statuses": statuses, "over_upstream_ms": over,
                      "spread_ms": spread,
                      "upstream_asked_after_ms": before, "first_answer_after_upstream_ms": after}))


def quantile(values, q):
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def summary(path):
    by_system = defaultdict(list)
    for line in open(path):
        b = json.loads(line)
        by_system[b["system"]].append(b)
    p50s = {}
    for system, bursts in by_system.items():
        over = sorted(v for b in bursts for v in b["over_upstream_ms"])
        spread = sorted(v for b in bursts for v in b["spread_ms"])
        before = sorted(v for b in bursts for v in b["upstream_asked_after_ms"])
        after = sorted(v for b in bursts for v in b["first_answer_after_upstream_ms"])
        p50s[system] = {"over_upstream_p50": quantile(over, 50), "upstream_asked_after_p50": quantile(before, 50)}
        statuses = defaultdict(int)
        for b in bursts:
            for s, c in b["statuses"].items():
                statuses[s] += c
        print(json.dumps({"system": system, "bursts": len(bursts),
                          "upstream_calls_per_burst": [b["upstream_calls"] for b in bursts], "statuses": statuses,
                          "over_upstream_ms": {"p50": round(quantile(over, 50), 1), "p99": round(quantile(over, 99), 1),
                                               "max": round(over[-1], 1)},
                          "spread_ms": {"p50": round(quantile(spread, 50), 1), "max": round(spread[-1], 1)},
                          "upstream_asked_after_ms": {"p50": round(quantile(before, 50), 1), "max": round(before[-1], 1)},
                          "first_answer_after_upstream_ms": {"p50": round(quantile(after, 50), 1),
                                                             "max": round(after[-1], 1)}}))
    if "varnish" in p50s:
        varnish = p50s["varnish"]
        for system, mine in p50s.items():
            if system != "varnish":
                print(json.dumps({"system": system, "vs": "varnish", **{
                    name: round(mine[name] / varnish[name], 2) if varnish[name] > 0 else None for name in mine}}))


if __name__ == "__main__":
    if sys.argv[1] == "burst":
        burst(*sys.argv[2:8], *[int(a) for a in sys.argv[8:10]])
    else:
        summary(sys.argv[2])
