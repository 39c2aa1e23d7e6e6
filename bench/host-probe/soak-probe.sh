#!/usr/bin/env bash
# Sustained load against a local host outside the test suite, with both processes watched (docs/reliability.md,
# "Memory" and "Timeouts under sustained writes"):
#   bench/host-probe/soak-probe.sh SECONDS [SETTING=VALUE ...]
# Starts an in-memory Azurite (ports 10400-10402) and the Release build of the host (127.0.0.1:7190, cache 256 MB,
# plus any settings given), seeds 100k random vectors with probe.py --seed, then runs scripts/reliability-load.mjs
# at 64 connections for SECONDS while sampling every 5 s: resident memory of the host, and the CPU (% of one core)
# of Azurite and of the host. Writes the samples to bench/.cache/soak-probe.tsv and prints the load result.
# Needs `npm install` and `dotnet build -c Release src/Vectron.Functions` first. With AZURITE_CPU_PROFILE=1 Azurite
# runs under `node --cpu-prof` and leaves a .cpuprofile in bench/.cache/azurite-profile (summary: profile-summary.py).
set -euo pipefail
seconds=${1:?seconds}; shift
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
mkdir -p bench/.cache
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
endpoint() { echo "http://127.0.0.1:$1/devstoreaccount1"; }
cs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=$(endpoint 10400);QueueEndpoint=$(endpoint 10401);TableEndpoint=$(endpoint 10402);"
profile=()
[[ "${AZURITE_CPU_PROFILE:-}" == 1 ]] && profile=(--cpu-prof --cpu-prof-dir bench/.cache/azurite-profile)
node "${profile[@]}" node_modules/azurite/dist/src/azurite.js --blobHost 127.0.0.1 --blobPort 10400 --queueHost 127.0.0.1 --queuePort 10401 \
  --tableHost 127.0.0.1 --tablePort 10402 --skipApiVersionCheck --disableTelemetry --silent --inMemoryPersistence >/dev/null 2>&1 &
azurite=$!
env Vectron__Storage="$cs" AzureWebJobsStorage="$cs" Vectron__CacheMegabytes=256 "$@" \
  dotnet src/Vectron.Functions/bin/Release/net10.0/Vectron.Functions.dll --local-host --urls http://127.0.0.1:7190 >/dev/null 2>&1 &
host=$!
# Azurite is stopped with SIGTERM (it closes cleanly) and waited for, so that a CPU profile is written on its way out.
trap 'kill $host 2>/dev/null; kill -TERM $azurite 2>/dev/null; wait $azurite 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf http://127.0.0.1:7190/api/health >/dev/null && break; sleep 1; done
python3 bench/host-probe/probe.py --url http://127.0.0.1:7190 --seed
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
(
  printf 'seconds\thost_rss_mb\tazurite_cpu_pct\thost_cpu_pct\n'
  start=$(date +%s); a0=$(ticks $azurite); h0=$(ticks $host)
  while kill -0 $host 2>/dev/null; do
    sleep 5
    a1=$(ticks $azurite); h1=$(ticks $host)
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$host/status)
    printf '%s\t%s\t%s\t%s\n' $(( $(date +%s) - start )) "$rss" $(( (a1 - a0) * 100 / hz / 5 )) $(( (h1 - h0) * 100 / hz / 5 ))
    a0=$a1; h0=$h1
  done
) > bench/.cache/soak-probe.tsv &
sampler=$!
node scripts/reliability-load.mjs "{\"url\":\"http://127.0.0.1:7190\",\"collection\":\"diag\",\"dimensions\":384,\"connections\":64,\"seconds\":$seconds,\"output\":\"bench/.cache/soak-probe-load.json\"}" >/dev/null
kill $sampler 2>/dev/null || true
cat bench/.cache/soak-probe-load.json; echo
echo "samples: bench/.cache/soak-probe.tsv"
