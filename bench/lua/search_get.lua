-- GET /v1/search/conversations?query=<term>: the first page, with highlights.
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")
c.prelude()

local term = c.picker("BENCH_WORDS")
local headers = c.headers(false)
local path = c.env("BENCH_PATH", "/v1/search/conversations?query={term}")
c.pregenerated(2000, function()
  local q = c.urlencode(term())
  return wrk.format("GET", (path:gsub("{term}", function() return q end)), headers)
end)
