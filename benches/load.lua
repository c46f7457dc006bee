-- wrk script for benches/run.sh: builds the request of each scenario and counts the answers
-- per status code, so refusals (409, 204) are reported apart from successes.
--
--   wrk ... -s load.lua URL -- get
--   wrk ... -s load.lua URL -- book SLOTS_FILE FIRST LAST THREADS RUN
--   wrk ... -s load.lua URL -- ticket TOKEN CLUSTER[,CLUSTER...]
--   wrk ... -s load.lua URL -- call TOKEN COUNTER_ID[,COUNTER_ID...]
--
-- SLOTS_FILE holds one "product start" per line, each a distinct bookable seat; lines FIRST to
-- LAST (1-based, inclusive) are this run's, dealt out over THREADS wrk threads.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function split(text)
  local parts = {}
  for part in string.gmatch(text, "[^,]+") do
    table.insert(parts, part)
  end
  return parts
end

counts = {}
local mode = "get"
local seats = {}
local sent = 0
local list = {}
local token = ""
local run = ""

function init(args)
  mode = args[1] or "get"
  if mode == "book" then
    local first, last = tonumber(args[3]), tonumber(args[4])
    local nthreads = tonumber(args[5])
    run = args[6]
    local n = 0
    for line in io.lines(args[2]) do
      n = n + 1
      if n >= first and n <= last and (n - first) % nthreads == id then
        local product, start = string.match(line, "^(%S+) (%S+)$")
        table.insert(seats, { product, start })
      end
    end
  elseif mode == "ticket" or mode == "call" then
    token = args[2]
    list = split(args[3])
  end
end

function request()
  sent = sent + 1
  if mode == "book" then
    -- Past the end of this thread's seats the last one is repeated: a refusal, counted as such.
    local seat = seats[math.min(sent, #seats)]
    local body = string.format(
      '{"product":"%s","start":"%s","name":"Bench Resident","email":"r%s-%d-%d@bench.test"}',
      seat[1], seat[2], run, id, sent)
    return wrk.format("POST", wrk.path, { ["Content-Type"] = "application/json" }, body)
  elseif mode == "ticket" then
    local cluster = list[(sent + id) % #list + 1]
    return wrk.format("POST", wrk.path, {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. token,
    }, '{"cluster":"' .. cluster .. '"}')
  elseif mode == "call" then
    local counter = list[(sent + id) % #list + 1]
    return wrk.format("POST", "/api/v1/counters/" .. counter .. "/call-next", {
      ["Authorization"] = "Bearer " .. token,
    })
  end
  return wrk.format("GET", wrk.path)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

-- One machine-readable line for run.sh: throughput, latency in ms, answers per status.
function done(summary, latency, requests)
  local statuses = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do
      statuses[status] = (statuses[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(statuses) do
    table.insert(parts, string.format('"%d":%d', status, n))
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"socket_errors":%d,"status":{%s}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors, table.concat(parts, ",")))
end
