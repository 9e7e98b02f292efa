#!/usr/bin/env python3
"""Fires N requests at once over K ids that nothing has cached yet; prints latency percentiles and the upstream
call count the stub saw. Loopback only; bounded by N."""
import json
import statistics
import sys
import threading
import time
import urllib.request

app, stub, n, k, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
urllib.request.urlopen(urllib.request.Request(stub + "/__reset", method="POST")).read()
ids = ["tt%s%03d" % (prefix, i) for i in range(k)]
latencies, statuses = [], []
start = threading.Barrier(n)
lock = threading.Lock()


def one(i):
    start.wait()
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen("%s/api/v1/search/id/?id=%s" % (app, ids[i % k]), timeout=30) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    elapsed = (time.perf_counter() - t0) * 1000
    with lock:
        latencies.append(elapsed)
        statuses.append(status)


threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
calls = json.load(urllib.request.urlopen(stub + "/__calls"))["calls"]
latencies.sort()
q = statistics.quantiles(latencies, n=100)
print(json.dumps({"requests": n, "ids": k, "upstream_calls": calls,
                  "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
                  "latency_ms": {"min": round(latencies[0], 1), "p50": round(q[49], 1), "p99": round(q[98], 1),
                                 "max": round(latencies[-1], 1)}}))
