-- wrk script for the soak (benchmarks/soak/run.sh): one kind of traffic per wrk process, so that each status can be
-- told apart by what was asked. Arguments: <kind> <epoch second of the soak's start>. Kinds:
--   hit      one of 200 ids warmed before the soak (tt1000000..tt1000199)
--   miss     an id nothing has asked for before (tt2<thread><counter>): a Redis miss and an upstream call
--   unknown  one of 1,000 ids the stub does not know (tt9000000..tt9000999): 404, then remembered (missing_<id>)
--   search   one of 40 titles x pages 1-3 (cached in Redis for SEARCH_CACHE_TTL)
--   bad      a malformed request (400): bad id, page 0, no query, a duplicated parameter
-- Per second since the start, each thread counts the statuses it got; done() prints them as one JSON line.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("prefix", #threads)
end

function init(args)
  kind = args[1]
  start = tonumber(args[2])
  counter = 0
  counts = {}
  math.randomseed(os.time() + prefix * 7919)
end

local bad = {
  "/api/v1/search/id/?id=abc",
  "/api/v1/search/id/?id=tt12",
  "/api/v1/search/?query=batman&page=0",
  "/api/v1/search/",
  "/api/v1/search/id/?id=tt0372784&id=tt0372785",
  "/api/v1/search/?query=batman&type=film",
}

function request()
  counter = counter + 1
  local path
  if kind == "hit" then
    path = string.format("/api/v1/search/id/?id=tt%07d", 1000000 + math.random(0, 199))
  elseif kind == "miss" then
    path = string.format("/api/v1/search/id/?id=tt2%d%06d", prefix, counter % 1000000)
  elseif kind == "unknown" then
    path = string.format("/api/v1/search/id/?id=tt%07d", 9000000 + math.random(0, 999))
  elseif kind == "search" then
    path = string.format("/api/v1/search/?query=title%d&page=%d", math.random(1, 40), math.random(1, 3))
  else
    path = bad[(counter % #bad) + 1]
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local key = (os.time() - start) .. ":" .. status
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts")) do
      merged[key] = (merged[key] or 0) + n
    end
  end
  local parts = {}
  for key, n in pairs(merged) do
    table.insert(parts, string.format('"%s":%d', key, n))
  end
  local e = summary.errors
  io.write(string.format('{"kind":"%s","requests":%d,"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
    '"latency_ms":{"p50":%.2f,"p99":%.2f,"max":%.2f},"counts":{%s}}\n',
    threads[1]:get("kind"), summary.requests, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, table.concat(parts, ",")))
end
