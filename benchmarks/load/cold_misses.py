#!/usr/bin/env python3
"""Cold misses: opens N keep-alive connections first, then sends N requests at once over K ids that nothing has
cached yet, and reports per-request latency, statuses and the upstream calls the stub saw. Loopback only;
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
    elapsed = (time.perf_counter() - t0) * 1000
    writer.close()
    return int(response.split(b" ", 2)[1]), elapsed


async def main(app, stub, n, k, prefix):
    urllib.request.urlopen(urllib.request.Request(stub + "/__reset", method="POST")).read()
    url = urlparse(app)
    start = asyncio.Event()
    ids = ["tt%s%03d" % (prefix, i) for i in range(k)]
    tasks = [asyncio.create_task(one(url.hostname, url.port, "/api/v1/search/id/?id=" + ids[i % k], start))
             for i in range(n)]
    await asyncio.sleep(0.5)  # every connection is open and waiting
    start.set()
    results = await asyncio.gather(*tasks)
    calls = json.load(urllib.request.urlopen(stub + "/__calls"))["calls"]
    statuses = [s for s, _ in results]
    latencies = sorted(l for _, l in results)
    q = statistics.quantiles(latencies, n=100)
    print(json.dumps({"requests": n, "ids": k, "upstream_calls": calls,
                      "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
                      "latency_ms": {"min": round(latencies[0], 1), "p50": round(q[49], 1),
                                     "p99": round(q[98], 1), "max": round(latencies[-1], 1)}}))


asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]))
