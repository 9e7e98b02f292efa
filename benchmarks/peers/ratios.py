#!/usr/bin/env python3
"""The ratios of issue 26 (and issue 27's tracing cost) from one run of run.sh, as a Markdown table with each goal.

  ratios.py HITS.jsonl BURSTS_SUMMARY.jsonl RSS.jsonl

HITS: one line per wrk run ({"system", "round", "rps", "cpu_us_per_request", "redis_cpu_us_per_request", ...}),
systems nginx, varnish, cinemix-warn, cinemix-info, cinemix-small, cinemix-untraced (optional), cinemix-local
(optional: no Redis, its rows have no goal), cinemix-warn-gzip
and cinemix-baseline (both on the cinemix-warn JVM). BURSTS_SUMMARY: bursts.py summary's output (its "vs": "varnish"
lines). RSS: {"system", "rss_mib", "redis_rss_mib"} lines. A goal is met when every round meets it."""
import json
import sys
from collections import defaultdict


def lines(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def main(hits_path, bursts_path, rss_path):
    hits = defaultdict(dict)  # system -> round -> line
    for h in lines(hits_path):
        hits[h["system"]][h["round"]] = h
    rounds = sorted(hits["varnish"])
    rows = []

    def per_round(label, goal, check, value):
        values = [value(r) for r in rounds]
        met = sum(1 for v in values if check(v))
        verdict = "met" if met == len(values) else "not met" if met == 0 else f"met in {met} of {len(values)} rounds"
        rows.append((label, " / ".join(f"{v:.2f}" for v in values), goal, verdict))

    def rps(system, r):
        return hits[system][r]["rps"]

    def cpu(system, r):
        return hits[system][r]["cpu_us_per_request"]

    per_round("hits req/s, INFO (default) / Varnish", "≥ 0.8", lambda v: v >= 0.8,
              lambda r: rps("cinemix-info", r) / rps("varnish", r))
    per_round("hits req/s, WARN / Varnish", "≥ 1.0", lambda v: v >= 1.0,
              lambda r: rps("cinemix-warn", r) / rps("varnish", r))
    for level in ("warn", "info"):
        per_round(f"JVM CPU per hit, {level.upper()} / constant endpoint's (WARN)", "≤ 1.3", lambda v: v <= 1.3,
                  lambda r, level=level: cpu("cinemix-" + level, r) / cpu("cinemix-baseline", r))
    per_round("JVM CPU per hit, gzip / plain (WARN)", "≤ 1.2", lambda v: v <= 1.2,
              lambda r: cpu("cinemix-warn-gzip", r) / cpu("cinemix-warn", r))
    if "cinemix-local" in hits:
        # No goal: one instance without Redis, so the shared decision's round trip shows by its absence.
        per_round("hits req/s, WARN without Redis (one instance, nothing shared) / Varnish", "no goal",
                  lambda v: False, lambda r: rps("cinemix-local", r) / rps("varnish", r))
        rows[-1] = rows[-1][:3] + ("—",)
        per_round("JVM CPU per hit, WARN without Redis / constant endpoint's", "no goal", lambda v: False,
                  lambda r: cpu("cinemix-local", r) / cpu("cinemix-baseline", r))
        rows[-1] = rows[-1][:3] + ("—",)

    versus = {b["system"]: b for b in lines(bursts_path) if b.get("vs") == "varnish"}
    for system in ("cinemix-warn", "cinemix-info", "cinemix-small", "cinemix-local"):
        if system in versus:
            for name, label, goal, bound in (
                    ("over_upstream_p50", "time over the upstream p50", "≤ 1.5", 1.5),
                    ("upstream_asked_after_p50", "upstream asked after, p50", "≤ 2.0", 2.0)):
                v = versus[system][name]
                local = system == "cinemix-local"  # no goal: without Redis
                rows.append((f"cold bursts, {label}, {system} / Varnish", f"{v:.2f}", "no goal" if local else goal,
                             "—" if local else "met" if v is not None and v <= bound else "not met"))

    rss = {m["system"]: m for m in lines(rss_path)}
    if "cinemix-small" in rss:
        small = rss["cinemix-small"]["rss_mib"] + rss["cinemix-small"]["redis_rss_mib"]
        varnish = rss["varnish"]["rss_mib"]
        rows.append((f"RSS after the load, cinemix-small (java {rss['cinemix-small']['rss_mib']} + redis "
                     f"{rss['cinemix-small']['redis_rss_mib']} MiB) / Varnish ({varnish} MiB)",
                     f"{small / varnish:.2f}", "written down", "—"))

    if "cinemix-untraced" in hits:
        # "Within the noise": no further from 1 than cinemix-warn's own spread between its rounds.
        own = [rps("cinemix-warn", r) for r in rounds]
        noise = max(own) / min(own) - 1
        values = [rps("cinemix-warn", r) / rps("cinemix-untraced", r) for r in rounds]
        within = all(abs(v - 1) <= noise for v in values)
        rows.append(("hits req/s, WARN, tracing present but off / absent (issue 27)",
                     " / ".join(f"{v:.2f}" for v in values), f"within the noise (±{noise:.2f}: WARN's own "
                     "spread between rounds)", "met" if within else "not met"))

    print("| ratio | rounds " + " / ".join(str(r) for r in rounds) + " | goal | verdict |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main(*sys.argv[1:4])
