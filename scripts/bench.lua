-- scripts/bench.lua — wrk script for scripts/bench: POSTs the bench's varied applications (one
-- JSON body per line of the file in BENCH_BODIES, written by `loadgen bodies`), each wrk thread
-- starting at a different place in the list, and prints one JSON line with the results
-- (an answer with a status above 399, or no answer, counts as an error).
local bodies = {}
local n = 0
local i = 0
local headers = { ["Content-Type"] = "application/json" }

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_BODIES")) do
    n = n + 1
    bodies[n] = line
  end
  i = (id or 0) * 1021 % n
end

function request()
  i = i % n + 1
  return wrk.format("POST", nil, headers, bodies[i])
end

function done(summary, latency, requests)
  -- errors.status counts answers with a status above 399.
  local e = summary.errors
  local bad = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    '{"label":"%s","requests":%d,"errors":%d,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f}\n',
    os.getenv("BENCH_LABEL") or "", summary.requests, bad,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
