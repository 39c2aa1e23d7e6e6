#!/usr/bin/env bash
# Side-by-side exact search: Vectron, usearch (npm), faiss IndexFlatIP and numpy+OpenBLAS (Debian) on the same
# vectors and queries, single-query top-10 latency (median over the queries), one table at the end.
#   bench/side-by-side/run.sh [ROWS,..] [THREADS,..]      defaults 10000,100000,1000000 and 1,2
# Needs root for apt-get (as on the dev machines and CI); set SKIP_INSTALL=1 once everything is installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
rows="${1:-10000,100000,1000000}"
threads="${2:-1,2}"
data="$here/data/vectors-384.bin"
results="$here/data/results.jsonl"
# Debian's numpy and faiss belong to the system Python, not to a python3 that a version manager puts first.
py=/usr/bin/python3

if [[ "${SKIP_INSTALL:-0}" != 1 ]]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-faiss python3-numpy python3-threadpoolctl libopenblas0-pthread
  npm install --prefix "$here/usearch" --no-audit --no-fund --no-save >/dev/null
fi

max_rows=$(tr ',' '\n' <<<"$rows" | sort -n | tail -1)
if [[ ! -f "$data" ]] || ! "$py" -c "import sys,numpy as n; h=n.fromfile('$data','<i4',5); sys.exit(0 if h[2]>=$max_rows else 1)"; then
  "$py" "$here/generate.py" "$data" --rows "$max_rows"
fi

dotnet build -c Release "$repo/bench/Vectron.Benchmarks" -v q -nologo >/dev/null
run_engine() { # engine rows threads
  case "$1" in
    vectron) dotnet "$repo/bench/Vectron.Benchmarks/bin/Release/net10.0/Vectron.Benchmarks.dll" side-by-side "$data" "$2" "$3" ;;
    usearch) node "$here/run_usearch.mjs" "$data" "$2" "$3" ;;
    faiss) "$py" "$here/run_python.py" faiss "$data" --rows "$2" --threads "$3" ;;
    # OpenBLAS is only slowed by these where the machine sets them; unset for numpy alone (never for tests or CI).
    numpy) env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" "$here/run_python.py" numpy "$data" --rows "$2" --threads "$3" ;;
  esac
}

# Cases interleave the engines (and rotate which goes first), so a change in the machine's load during the run
# falls on all of them rather than on whichever engine happened to run then.
: >"$results"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
engines=(vectron usearch faiss numpy)
turn=0
for r in ${rows//,/ }; do
  for t in ${threads//,/ }; do
    for i in 0 1 2 3; do
      run_engine "${engines[$(( (i + turn) % 4 ))]}" "$r" "$t" | tee -a "$results"
    done
    turn=$((turn + 1))
    echo "load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
"$py" "$here/table.py" <"$results"
