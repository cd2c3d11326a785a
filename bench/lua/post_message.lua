-- POST /v1/conversations/{id}/messages: an Outbound text message by a random agent to a
-- random conversation of a channel that takes outbound messages (ids from BENCH_ID_FILE).
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")
c.prelude()

local pick = c.id_picker()
local agent = c.picker("BENCH_AGENTS")
local headers = c.headers(true)
local sentence = c.sentence_maker(20)
c.pregenerated(2000, function()
  local body = '{"_type":"Outbound","agentId":' .. c.q(agent()) ..
    ',"content":{"_type":"Text","value":' .. c.q(sentence()) .. '}}'
  return wrk.format("POST", "/v1/conversations/" .. pick() .. "/messages", headers, body)
end)
