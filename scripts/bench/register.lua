-- wrk script for the registration rows of scripts/bench.sh: each request POSTs the real
-- registration form (the fields of app's RegisterPage, read by RegistrationInput::from_fields)
-- with one anti-forgery cookie and token fetched once (the server accepts them again), a new
-- e-mail address and a new one-time `submission` id, so every request is a new registration.
-- Arguments (after --): the form's path, the token, the Cookie header, and a tag unique to the
-- run. At the end: one line of JSON as get.lua writes, plus the count of each status.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local delegations = { "BZ", "CA", "CR", "DO", "GT", "HN", "MX", "NI", "PA", "SV", "US", "IOM", "RROCM" }

function init(args)
  path, token, cookie, tag = args[1], escape(args[2]), args[3], args[4]
  counter = 0
  statuses = {}
end

function request()
  counter = counter + 1
  local id = string.format("%s-%d-%d", tag, tid, counter)
  local body = "authenticity_token=" .. token ..
    "&submission=" .. string.format("bench-submission-%s-%d-%012d", tag, tid, counter) ..
    "&name=Delegado+" .. id ..
    "&email=" .. escape("bench-" .. id .. "@bench.example") ..
    "&delegation=" .. delegations[counter % #delegations + 1] ..
    "&institution=Ministerio+de+Relaciones+Exteriores&position=&lang=es" ..
    "&arrival_date=&arrival_time=&arrival_flight=&departure_date=&departure_time=" ..
    "&departure_flight=&dietary=&accessibility=&interpretation=&consent=on"
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      all[status] = (all[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(all) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "bytes_per_answer": %.1f, ' ..
    '"p50_us": %d, "p99_us": %d, "max_us": %d, "non_2xx_3xx": %d, ' ..
    '"socket_errors": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.bytes / math.max(summary.requests, 1), latency:percentile(50),
    latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout,
    table.concat(parts, ", ")))
end
