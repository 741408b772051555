-- paths.lua - wrk script: GET a path drawn at random from a file of paths, one a line.
--
--   wrk -t2 -c64 -d20s -s bench/http/paths.lua http://127.0.0.1:PORT -- FILE
--
-- Each wrk thread reads FILE once (in init, before the clock starts) and seeds its own
-- generator, so threads do not replay the same sequence. done() prints one RESULT line
-- that bench/http.sh reads: rate, latency percentiles from wrk's own histogram, errors.
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("thread_no", counter)
end

local paths, n = {}, 0

function init(args)
   local file = args[1]
   if not file then
      error("usage: wrk -s paths.lua URL -- FILE")
   end
   for line in io.lines(file) do
      if #line > 0 then
         n = n + 1
         paths[n] = line
      end
   end
   if n == 0 then
      error("no paths in " .. file)
   end
   math.randomseed(os.time() * 7919 + (thread_no or 0) * 104729)
   for _ = 1, 10 do
      math.random()
   end
end

function request()
   return wrk.format("GET", paths[math.random(n)])
end

function done(summary, latency, requests)
   local e = summary.errors
   local secs = summary.duration / 1e6
   io.write(string.format(
      "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
      "connect=%d read=%d write=%d timeout=%d non2xx=%d bytes=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, e.connect, e.read, e.write, e.timeout, e.status, summary.bytes))
end
