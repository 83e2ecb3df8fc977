#!/usr/bin/env bash
# The redirect benchmark: linkgate against a bare Vert.x 302 (baseline) and nginx `return 302`,
# same load, same machine, interleaved over several rounds (A B C D, B A D C, ...). This machine
# is shared and noisy: compare within a run, never across runs.
#
#   bench/run.sh                        3 rounds of 10 s per server, 32 connections, 1 wrk thread
#   ROUNDS=5 DURATION=20s bench/run.sh
#
# Knobs (environment): ROUNDS (3), DURATION (10s), WARMUP (60s; whole seconds), CONNECTIONS (32), THREADS (1),
# INSTANCES (1: verticle instances of baseline and linkgate alike), HEAP (256m), ARTICLES (10000).
# Prints one table and writes it to bench/results/<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
# The warm-up is long enough for the JIT to settle and for linkgate to have seen most of the
# 21,000 readers once: a reader's first click registers its number in the store, a one-time cost
# that at 10 s still showed in the first round (25-60 % above the later rounds). It runs in three
# parts, so that the code of opening and closing connections is compiled too, and lasts 60 s:
# a profile of linkgate after 20 s of load showed C2 still compiling about 1 µs of CPU per request
# over the next 75 s, and 0.4 µs over the 60 s after that (the baseline, with far less code,
# settles within seconds). Compile time is a start-up cost, not a redirect's.
WARMUP=${WARMUP:-60s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
INSTANCES=${INSTANCES:-1}
HEAP=${HEAP:-256m}
ARTICLES=${ARTICLES:-10000}
SECRET=bench-secret-0123456789-0123456789-0123456789
JVM_FLAGS="-Xms$HEAP -Xmx$HEAP"

need() {
  if ! command -v "$1" >/dev/null; then
    echo "installing $2 (Debian package)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }
  fi
}
need wrk wrk
need nginx nginx
need curl curl

echo "building linkgate" >&2
mvn -q -B -DskipTests package

WORK=$(mktemp -d /tmp/linkgate-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-60000 -n 1; }
wait_port() {
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  exit 1
}

echo "minting tokens" >&2
java -cp target/linkgate.jar bench/TokenGen.java "$SECRET" reader- 1000 "$WORK/cached.txt"
# First-seen tokens are new sessions of returning readers (a reader signs in again): 20,000
# readers. BENCH_NEW_READERS=1 makes every first-seen token a reader never seen before instead.
if [ -n "${BENCH_NEW_READERS:-}" ]; then
  java -cp target/linkgate.jar bench/TokenGen.java "$SECRET" first-seen- 300000 "$WORK/fresh.txt"
else
  java -cp target/linkgate.jar bench/TokenGen.java "$SECRET" reader- 300000 "$WORK/fresh.txt" 20000
fi

# --- servers ---------------------------------------------------------------------------------
P_BASE=$(free_port); P_NGINX=$(free_port); P_BUF=$(free_port); P_STRICT=$(free_port)

java $JVM_FLAGS -cp target/linkgate.jar bench/Baseline.java "$P_BASE" "$INSTANCES" 2>"$WORK/baseline.log" &
PID_BASE=$!; PIDS+=("$PID_BASE")

mkdir -p "$WORK/logs"
sed "s/__PORT__/$P_NGINX/" bench/nginx.conf > "$WORK/nginx.conf"
nginx -p "$WORK" -c "$WORK/nginx.conf" 2>"$WORK/nginx.log" &
PIDS+=("$!")

linkgate_config() { # port durability
  cat <<YAML
http:
  host: 127.0.0.1
  port: $1
  publicBaseUrl: http://127.0.0.1:$1
  instances: $INSTANCES
session:
  audience: linkgate
  keys:
    - kid: bench
      alg: HS256
      secret: $SECRET
  loginUrl: https://example.com/login
admin:
  apiKeys: ["$(printf %s bench-api-key | sha256sum | cut -d' ' -f1)"]
store:
  path: $WORK/store-$2/linkgate
clicks:
  durability: $2
YAML
}
linkgate_config "$P_BUF" buffered > "$WORK/buffered.yaml"
linkgate_config "$P_STRICT" strict > "$WORK/strict.yaml"
java $JVM_FLAGS -jar target/linkgate.jar --config "$WORK/buffered.yaml" 2>"$WORK/buffered.log" &
PID_BUF=$!; PIDS+=("$PID_BUF")
java $JVM_FLAGS -jar target/linkgate.jar --config "$WORK/strict.yaml" 2>"$WORK/strict.log" &
PID_STRICT=$!; PIDS+=("$PID_STRICT")

for p in "$P_BASE" "$P_NGINX" "$P_BUF" "$P_STRICT"; do wait_port "$p"; done
PID_NGINX=$(cat "$WORK/nginx.pid")

echo "importing $ARTICLES articles into each linkgate" >&2
awk -v n="$ARTICLES" 'BEGIN { for (i = 0; i < n; i++) printf "{\"id\":\"a%d\",\"url\":\"https://example.org/articles/a%d\",\"title\":\"Article %d\"}\n", i, i, i }' > "$WORK/articles.ndjson"
for p in "$P_BUF" "$P_STRICT"; do
  curl -sf -X POST -H 'X-Api-Key: bench-api-key' -H 'Content-Type: application/x-ndjson' \
    --data-binary @"$WORK/articles.ndjson" "http://127.0.0.1:$p/admin/api/articles/import" | head -c 80 >&2
  echo >&2
done

# --- measuring -------------------------------------------------------------------------------
cpu_ticks() { # sum of utime+stime over a process and its children, in clock ticks
  local total=0
  for p in "$@" $(for q in "$@"; do pgrep -P "$q" || true; done); do
    if [ -r "/proc/$p/stat" ]; then
      total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat")))
    fi
  done
  echo "$total"
}
rss_kb() {
  local total=0
  for p in "$@" $(for q in "$@"; do pgrep -P "$q" || true; done); do
    [ -r "/proc/$p/status" ] && total=$((total + $(awk '/^VmRSS/ { print $2 }' "/proc/$p/status")))
  done
  echo "$total"
}
HZ=$(getconf CLK_TCK)
export BENCH_TOKENS_CACHED="$WORK/cached.txt" BENCH_TOKENS_FRESH="$WORK/fresh.txt" BENCH_ARTICLES="$ARTICLES"

RESULTS="$WORK/results.tsv"
: > "$RESULTS"
run() { # name port pid round duration
  local before after out
  before=$(cpu_ticks "$3")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$5" --latency -s bench/wrk.lua "http://127.0.0.1:$2")
  after=$(cpu_ticks "$3")
  [ "$4" = warmup ] && return 0
  echo "$out" | awk -v name="$1" -v round="$4" -v ticks=$((after - before)) -v hz="$HZ" -v rss="$(rss_kb "$3")" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) }
    /requests in/ { n = $1 } /Requests\/sec/ { rps = $2 }
    /Non-2xx or 3xx/ { bad = $NF }
    END { printf "%s\t%s\t%.0f\t%.3f\t%.3f\t%.2f\t%.1f\t%d\t%d\n", name, round, rps, p50, p99,
          (ticks / hz) / (n / 1000) * 1000, rss / 1024, n, bad + 0 }' >> "$RESULTS"
}

echo "warming up (${WARMUP} each, in three parts)" >&2
WARMUP_PART=$(( ${WARMUP%s} / 3 ))s
for part in 1 2 3; do
  run baseline "$P_BASE" "$PID_BASE" warmup "$WARMUP_PART"
  run nginx "$P_NGINX" "$PID_NGINX" warmup "$WARMUP_PART"
  run linkgate-buffered "$P_BUF" "$PID_BUF" warmup "$WARMUP_PART"
  run linkgate-strict "$P_STRICT" "$PID_STRICT" warmup "$WARMUP_PART"
done
# The shared machine's speed drifts within a run (the baseline's CPU per request moved between
# 11 and 16 µs from one round to the next in one run), so the two servers of the main ratio run
# back to back, and every other round in the opposite order (A B C D, then B A D C): a drift
# then weighs on both sides of the ratio alike instead of on one.
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r of $ROUNDS" >&2
  if [ $((r % 2)) = 1 ]; then
    run baseline "$P_BASE" "$PID_BASE" "$r" "$DURATION"
    run linkgate-buffered "$P_BUF" "$PID_BUF" "$r" "$DURATION"
    run nginx "$P_NGINX" "$PID_NGINX" "$r" "$DURATION"
    run linkgate-strict "$P_STRICT" "$PID_STRICT" "$r" "$DURATION"
  else
    run linkgate-buffered "$P_BUF" "$PID_BUF" "$r" "$DURATION"
    run baseline "$P_BASE" "$PID_BASE" "$r" "$DURATION"
    run linkgate-strict "$P_STRICT" "$PID_STRICT" "$r" "$DURATION"
    run nginx "$P_NGINX" "$PID_NGINX" "$r" "$DURATION"
  fi
done

# --- report ----------------------------------------------------------------------------------
DATE=$(date -u +%Y-%m-%dT%H%MZ)
CPU_MODEL=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
JAVA=$(java -version 2>&1 | head -1)
REPORT=$(awk -F'\t' -v rounds="$ROUNDS" '
  { k = $1; rps[k] += $3; p50[k] += $4; p99[k] += $5; cpu[k] += $6; rss[k] = $7; cnt[k]++
    row[NR] = $0 }
  function median_ratio(a, b,    i, j, n, r, v, t, x, ca, cb) { # per-round ratio of column 6 (CPU per 1k), median
    n = 0
    for (i = 1; i <= NR; i++) { split(row[i], v, "\t"); if (v[1] == a) ca[v[2]] = v[6]; if (v[1] == b) cb[v[2]] = v[6] }
    for (r in ca) if (r in cb && cb[r] > 0) { n++; t[n] = ca[r] / cb[r] }
    for (i = 2; i <= n; i++) { x = t[i]; j = i - 1; while (j > 0 && t[j] > x) { t[j + 1] = t[j]; j-- } t[j + 1] = x }
    return n == 0 ? 0 : (n % 2 ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2)
  }
  END {
    printf "| server | requests/s | p50 ms | p99 ms | server CPU ms per 1,000 requests | RSS after load MB |\n"
    printf "| --- | ---: | ---: | ---: | ---: | ---: |\n"
    split("baseline nginx linkgate-buffered linkgate-strict", order, " ")
    for (i = 1; i <= 4; i++) { k = order[i]; if (cnt[k])
      printf "| %s | %.0f | %.3f | %.3f | %.1f | %.0f |\n", k, rps[k] / cnt[k], p50[k] / cnt[k], p99[k] / cnt[k], cpu[k] / cnt[k], rss[k] }
    printf "\n(means over %d interleaved rounds)\n\n", rounds
    printf "| ratio (median of per-round ratios) | CPU per request |\n| --- | ---: |\n"
    printf "| linkgate buffered / baseline | %.2f |\n", median_ratio("linkgate-buffered", "baseline")
    printf "| linkgate buffered / nginx | %.2f |\n", median_ratio("linkgate-buffered", "nginx")
    printf "| linkgate strict / baseline | %.2f |\n", median_ratio("linkgate-strict", "baseline")
    printf "| linkgate strict / linkgate buffered (requests/s) | %.2f |\n", rps["linkgate-strict"] / rps["linkgate-buffered"]
  }' "$RESULTS")

{
  echo "# linkgate benchmark, $DATE"
  echo
  echo "Machine: $(nproc) cores ($CPU_MODEL), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr); $JAVA."
  echo "Load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION on loopback (sharing the cores) after a $WARMUP warm-up each, bench/wrk.lua: $ARTICLES article ids,"
  echo "90 % of requests from 1,000 returning readers (cached sessions), 10 % first-seen HS256 tokens"
  echo "($([ -n "${BENCH_NEW_READERS:-}" ] && echo "each of a reader never seen before" || echo "new sessions of 20,000 returning readers"))."
  echo "JVMs: $JVM_FLAGS, $INSTANCES verticle instance(s); linkgate with metrics on, embedded store; nginx 1 worker."
  echo "Server CPU = utime + stime of the server process(es) from /proc during the run."
  echo
  echo "$REPORT"
  echo
  echo "Per round (tab-separated: server, round, req/s, p50 ms, p99 ms, CPU ms/1k, RSS MB, requests, non-3xx):"
  echo
  echo '```'
  cat "$RESULTS"
  echo '```'
} > "bench/results/$DATE.md"
cat "bench/results/$DATE.md"
echo "written to bench/results/$DATE.md" >&2
