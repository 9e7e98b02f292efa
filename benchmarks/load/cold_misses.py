#!/usr/bin/env python3
"""Cold misses: opens N connections first (each serves one GET /health, so that they are set up and kept alive), then
sends N requests at once over K ids that nothing has cached yet;
reports latency, statuses and the upstream calls the stub saw; then repeats the burst on the now cached ids, so that
the waiters' cost over the upstream delay is (cold - cached) - delay; and, per id, how long after the first answer
for that id its last waiter got it (the release spread of the single flight); and, per request, how long after the
stub started sending its answer to the app's upstream call for its id the request got its answer (both readings are
time.monotonic(), one clock for the whole machine); and, per request, its latency less the upstream's for its id as
the stub saw it (from the app's request arriving to the stub's answer going out): the waiters' latency over the
upstream's, split into the part before the app's upstream request reached the stub and the part after its answer.

The burst itself is the C client burst.c when BURST_CLIENT names its binary (run.sh builds it when a C compiler is
there): a few microseconds of the machine's cores per answer. Without it, one Python thread, non-blocking sockets and
a selector, requests written beforehand; that client takes 20-30 us of the same cores per answer it reads, which
shows in every figure of a 200-request burst on two cores. Loopback only; bounded by N requests and a 30 s timeout."""
import json
import os
import selectors
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlparse


def burst(host, port, paths):
    """Sends every request at once on connections opened beforehand; returns (status, ms, path, done, sent) per
    request, ms counted from the first request's writing, sent the time its own request was written."""
    if os.environ.get("BURST_CLIENT"):
        return burst_in_c(os.environ["BURST_CLIENT"], host, port, paths)
    sockets = []
    for path in paths:
        s = socket.create_connection((host, port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # One request first, so the burst meets connections the server has already set up, as a reverse proxy's
        # kept-alive connections would be: what is measured is the lookups, not 200 connection set-ups.
        s.sendall(("GET /health HTTP/1.1\r\nHost: %s\r\n\r\n" % host).encode())
        first = b""
        while not complete(first):
            chunk = s.recv(65536)
            if not chunk:
                raise SystemExit("the server closed a connection before the burst")
            first += chunk
        sockets.append((s, path, ("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (path, host)).encode()))
    time.sleep(0.2)
    selector = selectors.DefaultSelector()
    started = time.monotonic()
    sent = []
    for s, path, request in sockets:
        s.sendall(request)
        sent.append(time.monotonic())
    for (s, path, _), at in zip(sockets, sent):
        s.setblocking(False)
        selector.register(s, selectors.EVENT_READ, [path, [], at])
    results = []
    deadline = started + 30
    while len(results) < len(sockets) and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=1):
            chunk = key.fileobj.recv(65536)
            key.data[1].append(chunk)
            response = b"".join(key.data[1])
            if chunk and not complete(response):
                continue
            done = time.monotonic()  # the whole answer is in: its last byte, not the connection's close
            selector.unregister(key.fileobj)
            key.fileobj.close()
            results.append((int(response.split(b" ", 2)[1]), (done - started) * 1000, key.data[0], done,
                            key.data[2]))
    if len(results) < len(sockets):
        raise SystemExit("only %d of %d answers within 30 s" % (len(results), len(sockets)))
    return results


def burst_in_c(client, host, port, paths):
    out = subprocess.run([client, host, str(port)], input="\n".join(paths) + "\n", capture_output=True, text=True,
                         timeout=60)
    if out.returncode != 0:
        raise SystemExit("burst client failed: " + out.stderr.strip())
    rows = [line.split() for line in out.stdout.splitlines()]
    started = min(float(sent) for _, _, sent, _ in rows)
    return [(int(status), (float(done) - started) * 1000, paths[int(index)], float(done), float(sent))
            for index, status, sent, done in rows]


def complete(response):
    """Whether the bytes so far hold the whole answer: its headers and Content-Length bytes of body."""
    end = response.find(b"\r\n\r\n")
    if end < 0:
        return False
    for line in response[:end].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(response) - end - 4 >= int(value)
    return False


def main(app, stub, n, k, prefix, delay_ms):
    urllib.request.urlopen(urllib.request.Request(stub + "/__reset", method="POST")).read()
    url = urlparse(app)
    ids = ["tt%s%03d" % (prefix, i) for i in range(k)]
    paths = ["/api/v1/search/id/?id=" + ids[i % k] for i in range(n)]
    cold = burst(url.hostname, url.port, paths)
    calls = json.load(urllib.request.urlopen(stub + "/__calls"))["calls"]
    answered = json.load(urllib.request.urlopen(stub + "/__answered"))
    arrived = json.load(urllib.request.urlopen(stub + "/__arrived"))
    ids_of = [(path.rsplit("=", 1)[1], done, sent) for _, _, path, done, sent in cold]
    after_upstream = sorted((done - answered[i]) * 1000 for i, done, _ in ids_of)
    before_upstream = sorted((arrived[i] - sent) * 1000 for i, _, sent in ids_of)
    over_upstream = sorted((done - sent - (answered[i] - arrived[i])) * 1000 for i, done, sent in ids_of)
    # The same burst again, now all cached: what answering N connections at once costs on this machine anyway.
    warm = burst(url.hostname, url.port, paths)
    statuses = [s for s, _, _, _, _ in cold]
    for name, results in (("cold", cold), ("cached", warm)):
        wrong = sorted({s for s, _, _, _, _ in results} - {200})
        if wrong:
            # As in the hit phases: a burst with an error in it measures the error, not the lookups.
            raise SystemExit("the %s burst had answers other than 200: %s" % (name, wrong))
    # Per id: how long after the first answer for that id its last waiter got the same answer (the release spread).
    by_id = {}
    for _, elapsed, path, _, _ in cold:
        by_id.setdefault(path, []).append(elapsed)
    spreads = sorted(max(v) - min(v) for v in by_id.values())
    c, w = summary(cold), summary(warm)
    print(json.dumps({"requests": n, "ids": k, "client": "C" if os.environ.get("BURST_CLIENT") else "Python",
                      "upstream_calls": calls,
                      "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
                      "cold_latency_ms": c, "same_burst_cached_latency_ms": w,
                      "waiters_over_upstream_p50_ms": round(c["p50"] - w["p50"] - delay_ms, 1),
                      "waiters_over_upstream_p99_ms": round(c["p99"] - w["p99"] - delay_ms, 1),
                      "waiters_after_first_answer_per_id_ms": {"p50": round(spreads[len(spreads) // 2], 1),
                                                               "max": round(spreads[-1], 1)},
                      "over_upstream_ms": summary_of(over_upstream),
                      "upstream_asked_after_request_ms": summary_of(before_upstream),
                      "answered_after_upstream_answer_ms": summary_of(after_upstream)}))


def summary(results):
    return summary_of(sorted(l for _, l, _, _, _ in results))


def summary_of(latencies):
    q = statistics.quantiles(latencies, n=100)
    return {"min": round(latencies[0], 1), "p50": round(q[49], 1), "p99": round(q[98], 1),
            "max": round(latencies[-1], 1)}


main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6]))
