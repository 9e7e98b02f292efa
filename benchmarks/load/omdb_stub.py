#!/usr/bin/env python3
"""A local OMDb stand-in for load tests: answers `i=` lookups in OMDb's exact JSON shape after STUB_DELAY_MS,
and `s=` searches with one page; counts upstream calls (GET /__calls, POST /__reset) and remembers, per id, when it
started sending its last answer (GET /__answered: id -> time.monotonic(), the system-wide CLOCK_MONOTONIC, so other
processes on this machine can compare their own readings) and when its first request arrived (GET /__arrived, the same
clock). Loopback only.

Faults for the soak (benchmarks/soak/run.sh): POST /__fault?mode=500 answers every OMDb request with an HTML 500,
mode=hang reads the request and never answers (until the client gives up and closes), mode=ok ends either. Ids that
start with tt9 are unknown to it: OMDb's `Error getting data.` with status 200.

One thread and asyncio, HTTP/1.1 with keep-alive: a burst of delayed answers goes out when due, not when a thread
gets Python's global lock (threads made the stamps, and the answers, late by milliseconds under a burst)."""
import asyncio
import json
import os
import sys
import time
from urllib.parse import parse_qs, urlparse

DELAY = int(os.environ.get("STUB_DELAY_MS", "0")) / 1000.0
calls = 0
fault = "ok"
answered = {}
arrived = {}


def details(imdb_id):
    return {
        "Title": "Movie " + imdb_id, "Year": "2005", "Rated": "PG-13", "Released": "15 Jun 2005",
        "Runtime": "140 min", "Genre": "Action, Crime, Drama", "Director": "Christopher Nolan",
        "Writer": "Bob Kane, David S. Goyer, Christopher Nolan",
        "Actors": "Christian Bale, Michael Caine, Ken Watanabe",
        "Plot": "After witnessing his parents' death, Bruce learns the art of fighting to confront injustice.",
        "Language": "English, Mandarin", "Country": "United States, United Kingdom",
        "Awards": "Nominated for 1 Oscar. 14 wins & 79 nominations total",
        "Poster": "https://m.media-amazon.com/images/M/MV5BODIyMDdhNTgtNDlmOC00MjUxLWE2NDItODA5MTdkNzY3ZTdhXkEyXkFqcGc@._V1_SX300.jpg",
        "Ratings": [{"Source": "Internet Movie Database", "Value": "8.2/10"},
                    {"Source": "Rotten Tomatoes", "Value": "85%"}, {"Source": "Metacritic", "Value": "70/100"}],
        "Metascore": "70", "imdbRating": "8.2", "imdbVotes": "1,632,190", "imdbID": imdb_id, "Type": "movie",
        "DVD": "N/A", "BoxOffice": "$206,863,479", "Production": "N/A", "Website": "N/A", "Response": "True",
    }


def answer(path, method):
    """(status, body) for one request."""
    global calls, fault
    url = urlparse(path)
    if method == "POST" and url.path == "/__fault":
        fault = parse_qs(url.query).get("mode", ["ok"])[0]
        return 200, {"fault": fault}
    if method == "POST" and url.path == "/__reset":
        calls = 0
        answered.clear()
        arrived.clear()
        return 200, {"calls": 0}
    if url.path == "/__calls":
        return 200, {"calls": calls}
    if url.path == "/__answered":
        return 200, dict(answered)
    if url.path == "/__arrived":
        return 200, dict(arrived)
    calls += 1
    return None, parse_qs(url.query)


FULL_PLOT = ("After witnessing his parents' death in a mugging, billionaire Bruce Wayne leaves Gotham and travels the "
             "world to learn how to fight injustice. He trains with the League of Shadows in the mountains under "
             "Henri Ducard, who teaches him to master his fear and to turn it against those who prey on the fearful. "
             "Refusing to execute a prisoner, Bruce breaks with the League and returns to a city rotting under the "
             "mob boss Carmine Falcone and a corrupt police force. With the help of his butler Alfred, the detective "
             "Jim Gordon and the engineer Lucius Fox, he becomes Batman and uncovers a plot to poison the whole city.")


def upstream(q):
    if "i" in q and q["i"][0].startswith("tt9"):
        return {"Response": "False", "Error": "Error getting data."}
    if "i" in q:
        movie = details(q["i"][0])
        if q.get("plot") == ["full"]:  # OMDb's plot=full: a longer plot, a body over 1 KiB
            movie["Plot"] = FULL_PLOT
        return movie
    if "s" in q:
        items = [{"Title": "Movie %d" % n, "Year": "2005", "imdbID": "tt%07d" % n, "Type": "movie",
                  "Poster": "N/A"} for n in range(1, 11)]
        return {"Search": items, "totalResults": "98", "Response": "True"}
    return {"Response": "False", "Error": "Incorrect IMDb ID."}


async def serve(reader, writer):
    try:
        while True:
            request_line = await reader.readline()
            if not request_line:
                return
            method, path, _ = request_line.decode("latin-1").split(" ", 2)
            length = 0
            while True:
                header = await reader.readline()
                if header in (b"\r\n", b"\n", b""):
                    break
                name, _, value = header.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if length:
                await reader.readexactly(length)
            status, result = answer(path, method)
            if status is None and fault == "hang":
                await reader.read()  # until the client closes: no answer, ever
                return
            if status is None and fault == "500":
                page = b"<html><body>500 Internal Server Error</body></html>"
                writer.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(page), page))
                await writer.drain()
                continue
            if status is None:
                if "i" in result:
                    # Stamped once the whole request is read: the app sent it no later.
                    arrived.setdefault(result["i"][0], time.monotonic())
                if DELAY:
                    await asyncio.sleep(DELAY)
                if "i" in result:
                    # Stamped as the answer goes out: the app cannot have it before.
                    answered[result["i"][0]] = time.monotonic()
                result = upstream(result)
            data = json.dumps(result).encode()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                         b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main(port):
    # A backlog for a burst of new upstream connections (the default of a few would drop SYNs, retried after 1 s).
    server = await asyncio.start_server(serve, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8089))
