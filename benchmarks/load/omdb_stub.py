#!/usr/bin/env python3
"""A local OMDb stand-in for load tests: answers `i=` lookups in OMDb's exact JSON shape after STUB_DELAY_MS,
and `s=` searches with one page; counts upstream calls (GET /__calls, POST /__reset) and remembers, per id, when it
started sending its last answer (GET /__answered: id -> time.monotonic(), the system-wide CLOCK_MONOTONIC, so other
processes on this machine can compare their own readings). Loopback only."""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DELAY = int(os.environ.get("STUB_DELAY_MS", "0")) / 1000.0
calls = 0
answered = {}
lock = threading.Lock()


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


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        global calls
        if self.path == "/__reset":
            with lock:
                calls = 0
                answered.clear()
            self.send_json(200, {"calls": 0})

    def do_GET(self):
        global calls
        url = urlparse(self.path)
        if url.path == "/__calls":
            self.send_json(200, {"calls": calls})
            return
        if url.path == "/__answered":
            with lock:
                self.send_json(200, dict(answered))
            return
        with lock:
            calls += 1
        if DELAY:
            time.sleep(DELAY)
        q = parse_qs(url.query)
        if "i" in q:
            # Stamped as the answer starts to go out: the app cannot have it before, and a reader of /__answered that
            # already holds the app's answer finds the stamp (taken after writing, it could still be missing).
            with lock:
                answered[q["i"][0]] = time.monotonic()
            self.send_json(200, details(q["i"][0]))
        elif "s" in q:
            items = [{"Title": "Movie %d" % n, "Year": "2005", "imdbID": "tt%07d" % n, "Type": "movie",
                      "Poster": "N/A"} for n in range(1, 11)]
            self.send_json(200, {"Search": items, "totalResults": "98", "Response": "True"})
        else:
            self.send_json(200, {"Response": "False", "Error": "Incorrect IMDb ID."})


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8089
    # The default listen backlog (5) drops the SYNs of a burst of new upstream connections, which the client's
    # kernel then retries after 1 s: a delay of the stub's, not of the app's.
    ThreadingHTTPServer.request_queue_size = 1024
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()
