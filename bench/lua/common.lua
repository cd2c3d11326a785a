-- Shared by every scenario script: configuration from the environment, random ids,
-- request pre-generation, and a machine-readable summary printed by done().
--
-- Environment (set by bench/harness/wrk.py):
--   BENCH_TOKEN      Authorization header value (omitted when empty)
--   BENCH_ID_MIN/MAX inclusive id range for random ids
--   BENCH_ID_FILE    a file with one id per line (used instead of the range when set)
--   BENCH_WORDS      a file with one search term per line
--   BENCH_AGENTS / BENCH_ENDUSERS  files with one id per line
--   BENCH_NONCE      a string unique to this run (external ids of imports)

local M = {}

function M.env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then return default end
  return v
end

function M.lines(path)
  local out = {}
  if path == nil then return out end
  local f = assert(io.open(path, "r"), "cannot open " .. path)
  for line in f:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  return out
end

function M.headers(json)
  local h = {}
  local token = M.env("BENCH_TOKEN")
  if token then h["Authorization"] = token end
  if json then h["Content-Type"] = "application/json" end
  h["Accept"] = "application/json"
  return h
end

-- A picker of random ids: from BENCH_ID_FILE when set, else from [BENCH_ID_MIN, BENCH_ID_MAX].
function M.id_picker()
  local file = M.env("BENCH_ID_FILE")
  if file then
    local ids = M.lines(file)
    assert(#ids > 0, "no ids in " .. file)
    return function() return ids[math.random(#ids)] end
  end
  local lo = tonumber(M.env("BENCH_ID_MIN", "1"))
  local hi = tonumber(M.env("BENCH_ID_MAX", "1"))
  return function() return tostring(math.random(lo, hi)) end
end

function M.picker(path_env)
  local items = M.lines(M.env(path_env))
  assert(#items > 0, path_env .. " is empty")
  return function() return items[math.random(#items)] end
end

-- JSON string escaping for the few values put into bodies.
function M.q(s)
  s = s:gsub('\\', '\\\\'):gsub('"', '\\"')
  return '"' .. s .. '"'
end

local threads = {}
function M.install_setup()
  setup = function(thread)
    threads[#threads + 1] = thread
    thread:set("bench_thread", #threads)
  end
end

-- With BENCH_PROBE set, every response is inspected (slow: only for diagnosis): statuses
-- are counted and the first response outside 2xx is kept, and done() prints them.
function M.install_probe()
  if not M.env("BENCH_PROBE") then return end
  probe_counts = {}
  probe_first = ""
  response = function(status, headers, body)
    local k = tostring(status)
    probe_counts[k] = (probe_counts[k] or 0) + 1
    if (status < 200 or status > 299) and probe_first == "" then
      probe_first = k .. " " .. string.sub(body or "", 1, 300)
    end
  end
end

local function jstr(s)
  s = s:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub("[%c]", " ")
  return '"' .. s .. '"'
end

function M.print_probe()
  local counts, first = {}, ""
  for _, t in ipairs(threads) do
    local c = t:get("probe_counts")
    if c then
      for k, v in pairs(c) do counts[k] = (counts[k] or 0) + v end
    end
    local f = t:get("probe_first")
    if f and f ~= "" and first == "" then first = f end
  end
  local parts = {}
  for k, v in pairs(counts) do parts[#parts + 1] = jstr(k) .. ":" .. tostring(v) end
  io.write('BENCH_PROBE {"statuses":{' .. table.concat(parts, ",") .. '},"first_error":' ..
    jstr(first) .. '}\n')
end

function M.seed()
  math.randomseed(os.time() * 1000 + (bench_thread or 0) * 7919)
end

-- Pre-generates n requests with make() and serves them in random order: building each
-- request in Lua is cheap, but not free, and the faster servers measured here notice.
function M.pregenerated(n, make)
  init = function(args)
    M.seed()
    local reqs = {}
    for i = 1, n do reqs[i] = make(i) end
    request = function() return reqs[math.random(n)] end
  end
end

function M.install_done()
  done = function(summary, latency, requests)
    local e = summary.errors
    local secs = summary.duration / 1e6
    io.write(string.format(
      'BENCH_RESULT {"requests":%d,"duration_s":%.6f,"bytes":%d,' ..
      '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,' ..
      '"timeouts":%d,"rps":%.3f,"latency_ms":{"mean":%.4f,"stdev":%.4f,"max":%.4f,' ..
      '"p50":%.4f,"p75":%.4f,"p90":%.4f,"p95":%.4f,"p99":%.4f,"p999":%.4f}}\n',
      summary.requests, secs, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      summary.requests / secs,
      latency.mean / 1000, latency.stdev / 1000, latency.max / 1000,
      latency:percentile(50) / 1000, latency:percentile(75) / 1000,
      latency:percentile(90) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
    if M.env("BENCH_PROBE") then M.print_probe() end
  end
end

function M.prelude()
  package.path = M.env("BENCH_LUA_DIR", ".") .. "/?.lua;" .. package.path
  M.install_setup()
  M.install_done()
  M.install_probe()
end

-- A sentence of n words drawn from BENCH_WORDS (or a fixed filler when it is not set).
function M.sentence_maker(n)
  local words = M.lines(M.env("BENCH_WORDS"))
  if #words == 0 then words = {"hello", "order", "delivery", "refund", "thanks"} end
  return function()
    local out = {}
    for i = 1, n do out[i] = words[math.random(#words)] end
    return table.concat(out, " ")
  end
end

function M.urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(ch) return string.format("%%%02X", string.byte(ch)) end))
end

return M
