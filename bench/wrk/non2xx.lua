-- Shared by the benchmark's wrk scripts (loaded with dofile): counts every response, and every
-- response whose status is not 2xx, per wrk thread, and prints the totals when the run is done as
--   responses: <n>  non-2xx: <m>
-- which bench/load.sh parses. Each wrk thread has its own Lua state, so setup() keeps a handle on
-- every thread and done() (run in the main state) sums their counters.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  responses = 0
  non2xx = 0
  first_bad = ""
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_bad == "" then
      first_bad = status .. " " .. string.sub((string.gsub(body or "", "%s+", " ")), 1, 200)
    end
  end
end

function done(summary, latency, requests)
  local total, bad, example = 0, 0, ""
  for _, thread in ipairs(threads) do
    total = total + thread:get("responses")
    bad = bad + thread:get("non2xx")
    if example == "" then
      example = thread:get("first_bad")
    end
  end
  io.write(string.format("responses: %d  non-2xx: %d\n", total, bad))
  if example ~= "" then
    io.write("first non-2xx: " .. example .. "\n")
  end
end
