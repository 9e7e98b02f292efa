#!/usr/bin/env python3
"""Cold misses: opens N connections first, then sends N requests at once over K ids that nothing has cached yet;
reports latency, statuses and the upstream calls the stub saw; then repeats the burst on the now cached ids, so that
the waiters' cost over the upstream delay is (cold - cached) - delay; and, per id, how long after the first answer
for that id its last waiter got it (the release spread of the single flight); and, per request, how long after the
stub finished answering the app's upstream call for its id the request got its answer (both readings are
time.monotonic(), one clock for the whole machine): the waiters' latency over the upstream's. Loopback only;
bounded by N requests and a 30 s timeout."""
import asyncio
import json
import statistics
import sys
import time
import urllib.request
from urllib.parse import urlparse


async def one(host, port, path, start):
    reader, writer = await asyncio.open_connection(host, port)
    await start.wait()
    t0 = time.perf_counter()
    writer.write(("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % (path, host)).encode())
    await writer.drain()
    response = await asyncio.wait_for(reader.read(), 30)
    done = time.monotonic()
    elapsed = (time.perf_counter() - t0) * 1000
    writer.close()
    return int(response.split(b" ", 2)[1]), elapsed, path, done


async def main(app, stub, n, k, prefix, delay_ms):
    urllib.request.urlopen(urllib.request.Request(stub + "/__reset", method="POST")).read()
    url = urlparse(app)
    start = asyncio.Event()
    ids = ["tt%s%03d" % (prefix, i) for i in range(k)]
    tasks = [asyncio.create_task(one(url.hostname, url.port, "/api/v1/search/id/?id=" + ids[i % k], start))
             for i in range(n)]
    await asyncio.sleep(0.5)  # every connection is open and waiting
    start.set()
    cold = await asyncio.gather(*tasks)
    calls = json.load(urllib.request.urlopen(stub + "/__calls"))["calls"]
    answered = json.load(urllib.request.urlopen(stub + "/__answered"))
    after_upstream = sorted((done - answered[path.rsplit("=", 1)[1]]) * 1000 for _, _, path, done in cold)
    # The same burst again, now all cached: what answering 200 connections at once costs on this machine anyway.
    start = asyncio.Event()
    tasks = [asyncio.create_task(one(url.hostname, url.port, "/api/v1/search/id/?id=" + ids[i % k], start))
             for i in range(n)]
    await asyncio.sleep(0.5)
    start.set()
    warm = await asyncio.gather(*tasks)
    statuses = [s for s, _, _, _ in cold]
    # Per id: how long after the first answer for that id its last waiter got the same answer (the release spread).
    by_id = {}
    for _, elapsed, path, _ in cold:
        by_id.setdefault(path, []).append(elapsed)
    spreads = sorted(max(v) - min(v) for v in by_id.values())
    c, w = summary(cold), summary(warm)
    print(json.dumps({"requests": n, "ids": k, "upstream_calls": calls,
                      "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
                      "cold_latency_ms": c, "same_burst_cached_latency_ms": w,
                      "waiters_over_upstream_p50_ms": round(c["p50"] - w["p50"] - delay_ms, 1),
                      "waiters_over_upstream_p99_ms": round(c["p99"] - w["p99"] - delay_ms, 1),
                      "waiters_after_first_answer_per_id_ms": {"p50": round(spreads[len(spreads) // 2], 1),
                                                               "max": round(spreads[-1], 1)},
                      "answered_after_upstream_answer_ms": summary_of(after_upstream)}))


def summary(results):
    return summary_of(sorted(l for _, l, _, _ in results))


def summary_of(latencies):
    q = statistics.quantiles(latencies, n=100)
    return {"min": round(latencies[0], 1), "p50": round(q[49], 1), "p99": round(q[98], 1),
            "max": round(latencies[-1], 1)}


asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6])))
