#!/usr/bin/env bash
# Load-generator benchmark of the GraphQL endpoint on the demo data (reference data + 5,000 synthetic firms).
# Starts the API (Release) on a fresh data folder, warms up, then runs wrk against each query in turn, ROUNDS times,
# interleaved so machine noise hits every query alike, and prints the median of each. The trivial query
# ({ __typename }) is the ceiling of this machine: the HTTP stack and GraphQL.NET with nothing to resolve.
#   tests/Ecosystem.Benchmarks/api/run.sh            # defaults: 2 connections, 1 thread, 10 s, 3 rounds
#   CONNECTIONS=4 DURATION=20s ROUNDS=5 tests/Ecosystem.Benchmarks/api/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
port="${PORT:-5099}"
connections="${CONNECTIONS:-2}"
threads="${THREADS:-1}"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-3}"
data="$(mktemp -d)"
trap 'kill $api 2>/dev/null || true; rm -rf "$data"' EXIT

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
dotnet build -c Release "$root/api" -v q -nologo >/dev/null
# An analyst's key made for this run (firms50 reads link values).
export API_KEY="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
Store__DataDir="$data" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning RateLimits__PermitsPerWindow=0 \
  Auth__ApiKeys__0__Name=benchmark Auth__ApiKeys__0__Role=analyst Auth__ApiKeys__0__Sha256="$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)" \
  dotnet "$root/api/bin/Release/net10.0/Ecosystem.Api.dll" --urls "http://127.0.0.1:$port" --contentRoot "$root/api" &
api=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$port/health/ready"; echo

post() { curl -s "http://127.0.0.1:$port/graphql" -H 'Content-Type: application/json' -H "X-Api-Key: $API_KEY" -d "$1"; }
# Pick the firm and page of the benchmark from the data itself: a lead firm with a province, a park and sectors.
firm=$(post '{"query":"{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
echo "firm: $firm"

declare -A queries
queries[trivial]='{ __typename }'
queries[firm]='query($id: ID!) { firm(id: $id) { id name taxCode country province { id name code } park { id name kind } sectors { code name } } }'
queries[firms50]='{ firms(first: 50) { totalCount nodes { id name province { name } park { name } sectors { code } suppliers(first: 5) { nodes { valueUsd supplier { name country } } } } } }'
declare -A variables
variables[trivial]='null'
variables[firm]="{\"id\":\"$firm\"}"
variables[firms50]='null'
order=(trivial firm firms50)

run() {
  QUERY="${queries[$1]}" VARIABLES="${variables[$1]}" wrk -t"$threads" -c"$connections" -d"$2" --latency -s "$here/graphql.lua" "http://127.0.0.1:$port/graphql" | grep '^RESULT'
}
echo "warm-up"; for q in "${order[@]}"; do run "$q" 5s >/dev/null; done
declare -A results
for r in $(seq 1 "$rounds"); do
  for q in "${order[@]}"; do
    line=$(run "$q" "$duration")
    echo "round $r $q $line"
    results[$q]+="$line"$'\n'
  done
done
echo
echo "medians over $rounds rounds ($connections connections, $threads wrk thread, $duration each):"
median() { # median of field $1 over the result lines on stdin
  sed -E "s/.* $1=([0-9.]+).*/\1/" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
for q in "${order[@]}"; do
  lines=$(printf '%s' "${results[$q]}")
  printf '  %-8s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %s\n' "$q" \
    "$(median rps <<<"$lines")" "$(median p50_ms <<<"$lines")" "$(median p99_ms <<<"$lines")" "$(median errors <<<"$lines")"
done
