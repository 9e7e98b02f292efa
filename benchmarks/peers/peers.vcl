vcl 4.1;
# Varnish in front of the OMDb stub (benchmarks/peers/run.sh fills in @STUB_PORT@): the built-in hash (URL and host),
# the default waiting list for requests of an object being fetched, every answer kept 1 h. /health answers the burst
# client's warm-up request on each connection without a call upstream.
backend stub { .host = "127.0.0.1"; .port = "@STUB_PORT@"; }

sub vcl_recv {
    if (req.url == "/health") {
        return (synth(200, "OK"));
    }
}

sub vcl_backend_response {
    set beresp.ttl = 1h;
    set beresp.grace = 0s;
}
