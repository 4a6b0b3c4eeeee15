-- wrk script: cycles through the request paths listed (one per line) in the file named by WRK_PATHS.
local paths = {}
local counter = 0

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
