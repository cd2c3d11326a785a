-- POST /v1/conversations/import: a GenericConversationImport with 10 messages (alternating
-- inbound by a random end user and outbound by a random agent) and an externalId unique to
-- this run, thread and request, so no request is refused as a duplicate.
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
local c = require("common")
c.prelude()

local agent = c.picker("BENCH_AGENTS")
local enduser = c.picker("BENCH_ENDUSERS")
local headers = c.headers(true)
local sentence = c.sentence_maker(16)
local nonce = c.env("BENCH_NONCE", "bench") .. "-" .. c.env("BENCH_RUN_ID", tostring(os.time()))
local per = tonumber(c.env("BENCH_MESSAGES", "10"))
local counter = 0

local function stamp(i)
  -- 2021-03-01T10:MM:SS.000Z, one message a minute
  return string.format("2021-03-01T%02d:%02d:%02d.000Z", 10 + math.floor(i / 60), i % 60, i % 60)
end

init = function(args)
  c.seed()
end

request = function()
  counter = counter + 1
  local ext = nonce .. "-" .. tostring(bench_thread or 0) .. "-" .. tostring(counter)
  local requester = enduser()
  local ag = agent()
  local msgs = {}
  for i = 1, per do
    local text = '{"_type":"Text","value":' .. c.q(sentence()) .. '}'
    if i % 2 == 1 then
      msgs[i] = '{"_type":"InboundImport","content":' .. text .. ',"createdAt":"' .. stamp(i) .. '"}'
    else
      msgs[i] = '{"_type":"OutboundImport","agentId":' .. c.q(ag) .. ',"content":' .. text ..
        ',"createdAt":"' .. stamp(i) .. '"}'
    end
  end
  local body = '{"_type":"GenericConversationImport","genericChannelName":"BenchImport",' ..
    '"requesterId":' .. c.q(requester) .. ',"direction":"Inbound",' ..
    '"createdAt":"2021-03-01T10:00:00.000Z","externalId":' .. c.q(ext) ..
    ',"messages":[' .. table.concat(msgs, ",") .. ']}'
  return wrk.format("POST", "/v1/conversations/import", headers, body)
end
