#!/usr/bin/env bash
# Follows the service a reliability test starts (docs/reliability.md, "Memory"): start this, then the test, e.g.
#   bench/host-probe/watch-service.sh load &
#   VECTRON_RELIABILITY_SCALE=full node scripts/test.mjs tests/Vectron.Reliability.Tests -c Release --no-build --filter "FullyQualifiedName~LoadTests"
# Every 0.5 s until the service exits it writes seconds, resident MB and the collection's count, segments and log
# bytes (GET /api/collections/COLLECTION) to bench/.cache/watch-service.tsv; with dotnet-counters on PATH it also
# records the GC's counters to bench/.cache/watch-service-counters.csv.
set -uo pipefail
collection=${1:-load}
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="$repo/bench/.cache"; mkdir -p "$out"
until pid=$(pgrep -f "Vectron.Functions.dll --local-host" | head -1) && [ -n "$pid" ]; do sleep 0.2; done
url=$(tr '\0' ' ' < "/proc/$pid/cmdline" | grep -o 'http://[0-9.:]*')
if command -v dotnet-counters >/dev/null; then
  dotnet-counters collect -p "$pid" --refresh-interval 1 --format csv -o "$out/watch-service-counters.csv" --counters System.Runtime >/dev/null 2>&1 &
fi
start=$(date +%s%N)
printf 'seconds\tresident_mb\tcount\tsegments\tlog_bytes\n' > "$out/watch-service.tsv"
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null)
  stats=$(curl -s -m 1 "$url/api/collections/$collection" | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["count"], d["segments"], d["logBytes"], sep="\t")' 2>/dev/null)
  printf '%s\t%s\t%s\n' "$(( ($(date +%s%N) - start) / 100000000 ))" "$rss" "$stats" | awk -F'\t' -v OFS='\t' '{ $1 = $1 / 10; print }' >> "$out/watch-service.tsv"
  sleep 0.5
done
