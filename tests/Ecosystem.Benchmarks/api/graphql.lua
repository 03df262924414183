-- POSTs one GraphQL document (from the environment: QUERY and VARIABLES, JSON) to /graphql.
-- Responses with a status other than 200 or with "errors" are counted and reported, so a benchmark of failures shows.
local query = os.getenv("QUERY")
local variables = os.getenv("VARIABLES") or "null"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/graphql-response+json"
-- The analyst's key when API_KEY is set (queries that read values need it).
if os.getenv("API_KEY") then wrk.headers["X-Api-Key"] = os.getenv("API_KEY") end
local function escape(s)
  return (s:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub('\n', '\\n'))
end
wrk.body = '{"query":"' .. escape(query) .. '","variables":' .. variables .. '}'

local bad = 0
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    bad = bad + 1
    if bad == 1 then io.stderr:write("first bad response: " .. status .. " " .. string.sub(body, 1, 300) .. "\n") end
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f errors=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + bad, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
