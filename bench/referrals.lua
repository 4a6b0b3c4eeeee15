-- wrk script for the referral side: every request carries the bearer token in WRK_TOKEN. WRK_MODE picks the work:
--   transaction     POST a transaction Bundle (Patient + Consent + ServiceRequest), each with a new person (a valid
--                   NHS number) and a new referral identifier, both as conditional creates
--   servicerequest  POST one ServiceRequest for the Patient in WRK_PATIENT, with If-None-Exist on a new identifier
--   task-accept     PATCH the next Task of the file WRK_PATHS (one Task id a line) from requested to accepted
--   poll            GET the path in WRK_POLL (the referrer's Task poll)
-- WRK_SERVICE names the referred HealthcareService id; WRK_RUN makes identifiers unique across runs.
local mode = os.getenv("WRK_MODE")
local token = "Bearer " .. os.getenv("WRK_TOKEN")
local service = os.getenv("WRK_SERVICE") or ""
local run = os.getenv("WRK_RUN") or "0"
local counter = 0
local ids = {}
local threads = {}

setup = function(thread)
  thread:set("tid", #threads + 1)
  threads[#threads + 1] = thread
end

init = function(args)
  if mode == "task-accept" then
    -- Each thread takes every n-th line, so no two threads patch the same Task.
    local n, i = tonumber(os.getenv("WRK_THREADS")), 0
    for line in io.lines(os.getenv("WRK_PATHS")) do
      if #line > 0 then
        if i % n == tid - 1 then ids[#ids + 1] = line end
        i = i + 1
      end
    end
  end
end

-- A 10-digit NHS number whose Modulus 11 check digit is valid, unique per (thread, counter).
local function nhs_number(seed)
  while true do
    local base = string.format("%09d", 400000000 + (seed % 500000000))
    local sum = 0
    for i = 1, 9 do sum = sum + tonumber(base:sub(i, i)) * (11 - i) end
    local check = 11 - (sum % 11)
    if check == 11 then check = 0 end
    if check ~= 10 then return base .. check end
    seed = seed + 7919
  end
end

local function headers(content_type)
  return { ["Authorization"] = token, ["Accept"] = "application/fhir+json", ["Content-Type"] = content_type,
           ["Prefer"] = "return=minimal" }
end

local function referral(subject, reference_id, extra)
  return '{"resourceType":"ServiceRequest","status":"active","intent":"order",' ..
    '"identifier":[{"system":"https://gp.example.org/referral-id","value":"' .. reference_id .. '"}],' ..
    '"code":{"coding":[{"system":"http://snomed.info/sct","code":"390893007","display":"Referral to physical activity program"}]},' ..
    '"subject":{"reference":"' .. subject .. '"},' ..
    '"requester":{"identifier":{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"A81001"}},' ..
    '"performer":[{"reference":"HealthcareService/' .. service .. '"}],"authoredOn":"2026-12-07T09:30:00Z"' .. extra .. '}'
end

request = function()
  counter = counter + 1
  local unique = run .. "-" .. tid .. "-" .. counter
  if mode == "transaction" then
    local nhs = nhs_number(tid * 10000000 + counter)
    local body = '{"resourceType":"Bundle","type":"transaction","entry":[' ..
      '{"fullUrl":"urn:uuid:11111111-1111-4111-8111-111111111111","resource":{"resourceType":"Patient",' ..
      '"identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"' .. nhs .. '"}],' ..
      '"name":[{"family":"Bench","given":["Person"]}],"birthDate":"1950-02-11"},' ..
      '"request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=https://fhir.nhs.uk/Id/nhs-number|' .. nhs .. '"}},' ..
      '{"fullUrl":"urn:uuid:22222222-2222-4222-8222-222222222222","resource":{"resourceType":"Consent","status":"active",' ..
      '"scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},' ..
      '"category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],' ..
      '"patient":{"reference":"urn:uuid:11111111-1111-4111-8111-111111111111"},' ..
      '"policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentpolicycodes","code":"hipaa-auth"}]}},' ..
      '"request":{"method":"POST","url":"Consent"}},' ..
      '{"fullUrl":"urn:uuid:33333333-3333-4333-8333-333333333333","resource":' ..
      referral("urn:uuid:11111111-1111-4111-8111-111111111111", "TX-" .. unique,
        ',"supportingInfo":[{"reference":"urn:uuid:22222222-2222-4222-8222-222222222222"}]') ..
      ',"request":{"method":"POST","url":"ServiceRequest","ifNoneExist":"identifier=https://gp.example.org/referral-id|TX-' .. unique .. '"}}]}'
    return wrk.format("POST", "/fhir", headers("application/fhir+json"), body)
  elseif mode == "servicerequest" then
    local h = headers("application/fhir+json")
    h["If-None-Exist"] = "identifier=https://gp.example.org/referral-id|SR-" .. unique
    return wrk.format("POST", "/fhir/ServiceRequest", h, referral("Patient/" .. os.getenv("WRK_PATIENT"), "SR-" .. unique, ""))
  elseif mode == "task-accept" then
    local id = ids[((counter - 1) % #ids) + 1]
    return wrk.format("PATCH", "/fhir/Task/" .. id, headers("application/json-patch+json"),
      '[{"op":"replace","path":"/status","value":"accepted"}]')
  else
    return wrk.format("GET", os.getenv("WRK_POLL"), { ["Authorization"] = token, ["Accept"] = "application/fhir+json" })
  end
end
