-- POST /v1/search/conversations {"query": {"value": <term>}}: the first page, with highlights.
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")
c.prelude()

local term = c.picker("BENCH_WORDS")
local headers = c.headers(true)
c.pregenerated(2000, function()
  local body = '{"query":{"value":' .. c.q(term()) .. '}}'
  return wrk.format("POST", "/v1/search/conversations", headers, body)
end)
