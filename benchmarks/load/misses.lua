-- wrk script for run.sh: every request asks for an id nothing has asked for before (tt8<thread><6 digits>), so every
-- one is a cache miss and an upstream fetch: it runs the miss path's code often enough for the JIT to compile it.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("prefix", threads)
end

function init(args)
  counter = 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", string.format("/api/v1/search/id/?id=tt8%d%06d", prefix, counter % 1000000))
end
