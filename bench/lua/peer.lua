-- A peer's scenario as bench/helpdesk/peer.py describes it: BENCH_METHOD, BENCH_PATH and
-- BENCH_BODY (both may hold "{id}", replaced by a random id in [BENCH_ID_MIN, BENCH_ID_MAX]),
-- BENCH_PATHS (a file of paths, one picked per request, e.g. one per search term) and
-- BENCH_HEADERS (a file of "Name: value" lines).
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")
c.prelude()

local method = c.env("BENCH_METHOD", "GET")
local paths = c.lines(c.env("BENCH_PATHS"))
if #paths == 0 then paths = { c.env("BENCH_PATH", "/") } end
local body = c.env("BENCH_BODY")
local pick = c.id_picker()
local headers = {}
for _, line in ipairs(c.lines(c.env("BENCH_HEADERS"))) do
  local name, value = line:match("^([^:]+):%s*(.*)$")
  if name then headers[name] = value end
end

c.pregenerated(2000, function()
  local id = pick()
  local function sub(s) return (s:gsub("{id}", function() return id end)) end
  local path = sub(paths[math.random(#paths)])
  return wrk.format(method, path, headers, body and sub(body) or nil)
end)
