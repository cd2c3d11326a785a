-- POST /v1/conversations/{id}/notes with a random conversation and a short note.
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")
c.prelude()

local pick = c.id_picker()
local headers = c.headers(true)
local sentence = c.sentence_maker(12)
c.pregenerated(2000, function()
  local body = '{"message":' .. c.q(sentence()) .. '}'
  return wrk.format("POST", "/v1/conversations/" .. pick() .. "/notes", headers, body)
end)
