-- wrk script for the GET rows of scripts/bench.sh: the request is wrk's own (URL and -H headers);
-- at the end, one line of JSON with what the benchmark keeps: requests, seconds, req/s, bytes per
-- answer, p50/p99 latency in microseconds, and the errors (non-2xx/3xx answers, socket errors).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "bytes_per_answer": %.1f, ' ..
    '"p50_us": %d, "p99_us": %d, "max_us": %d, "non_2xx_3xx": %d, ' ..
    '"socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.bytes / math.max(summary.requests, 1), latency:percentile(50),
    latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
