-- Rotates over article ids and readers: 90 % of requests carry a session of a small pool of
-- returning readers (cached after the first request), 10 % a token never seen before (a
-- first-seen HS256 token: a full verification). Each wrk thread walks its own slice.
local articles = tonumber(os.getenv("BENCH_ARTICLES") or "10000")
local cached, fresh = {}, {}

local function load(file, into)
  for line in io.lines(file) do into[#into + 1] = line end
end

function setup(thread)
  thread:set("id", math.random(1, 1000000))
end

function init(args)
  load(os.getenv("BENCH_TOKENS_CACHED"), cached)
  load(os.getenv("BENCH_TOKENS_FRESH"), fresh)
  n = id
  f = (id * 7919) % #fresh
end

function request()
  n = n + 1
  local token
  if n % 10 == 0 then
    f = f % #fresh + 1
    token = fresh[f]
  else
    token = cached[n % #cached + 1]
  end
  local path = "/go/a" .. ((n * 7) % articles)
  return wrk.format("GET", path, { ["Cookie"] = "session=" .. token, ["Accept"] = "text/html" })
end
