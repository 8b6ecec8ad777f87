-- wrk: each request drawn at random from the file $REQUESTS, one a line:
-- METHOD <tab> PATH <tab> Header: value|Header: value <tab> BODY
local requests = {}
for line in io.lines(os.getenv("REQUESTS")) do
  local method, path, headers, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
  local hdrs = {}
  for h in string.gmatch(headers, "[^|]+") do
    local k, v = h:match("^([^:]+):%s*(.*)$")
    hdrs[k] = v
  end
  if body == "" then body = nil end
  requests[#requests + 1] = wrk.format(method, path, hdrs, body)
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
end

function request()
  return requests[math.random(#requests)]
end
