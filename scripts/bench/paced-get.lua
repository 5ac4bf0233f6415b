-- Paces each wrk connection: it waits the given milliseconds before each request, so that
-- connections x 1000 / (delay + latency) is the offered rate. wrk prints the rate achieved.
local delay_ms = 0

function init(args)
  delay_ms = tonumber(args[1]) or 0
end

function delay()
  return delay_ms
end
