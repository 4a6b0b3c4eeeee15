-- wrk script: cycles through the request paths listed (one per line) in the file named by WRK_PATHS.
-- With WRK_RATE (requests/s over all connections) and WRK_CONNECTIONS set, each connection pauses between its
-- requests (randomised around CONNECTIONS/RATE s), so latency is measured at that offered rate rather than at
-- saturation. The pause is after each response, so the achieved rate stays a little below WRK_RATE.
local paths = {}
local counter = 0
local pause_ms = nil
if os.getenv("WRK_RATE") then
  pause_ms = tonumber(os.getenv("WRK_CONNECTIONS")) * 1000 / tonumber(os.getenv("WRK_RATE"))
end

init = function(args)
  local file = assert(io.open(os.getenv("WRK_PATHS"), "r"))
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
end

request = function()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  return wrk.format("GET", path, { ["Accept"] = "application/fhir+json" })
end

if pause_ms then
  delay = function()
    return math.floor(pause_ms * (0.5 + math.random()))
  end
end
