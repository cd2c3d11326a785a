-- GET of a path template with random ids: BENCH_PATH, e.g. /v1/conversations/{id}.
-- Used for GET conversation, GET messages, the ceilings, Prism and peer reads.
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")
c.prelude()

local template = c.env("BENCH_PATH", "/")
local pick = c.id_picker()
local headers = c.headers(false)
c.pregenerated(2000, function()
  local id = pick()
  local path = template:gsub("{id}", function() return id end)
  return wrk.format("GET", path, headers)
end)
