#!/usr/bin/env bash
# Quantized search side by side on real sentence embeddings (bench/corpus/): Vectron exact and fast mode (--recall),
# then faiss SQ8, faiss binary flat, hnswlib and usearch HNSW int8, each tuned to the recall@10 Vectron reaches at its
# default oversampling (and to 0.99, the issue's floor), on the same vectors and the same 1,000 queries, one query at
# a time. One table per target at the end.
#   bench/side-by-side/ann.sh [SET] [TARGET_RECALL,..]   SET brown (54k rows, default) or brown-wordnet (100k);
#                                                        targets default to 0.99 and Vectron's default recall
# THREADS="1 2" (default) sets the thread counts. Needs root for apt-get (as on the dev machines and CI); set
# SKIP_INSTALL=1 once everything is installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="$repo/bench/.cache/corpus"
set="${1:-brown}"
threads_list="${THREADS:-1 2}"
results="$cache/ann-$set.jsonl"
# Debian's numpy, faiss and hnswlib belong to the system Python, not to a python3 that a version manager puts first.
py=/usr/bin/python3

if [[ "${SKIP_INSTALL:-0}" != 1 ]]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-faiss python3-hnswlib python3-numpy
  npm install --prefix "$here/usearch" --no-audit --no-fund --no-save >/dev/null
fi

# Embeds the corpus on the first run (minutes); afterwards it only checks the cache headers.
"$repo/bench/corpus/prepare.sh"

: >"$results"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
dotnet "$repo/bench/Vectron.Benchmarks/bin/Release/net10.0/Vectron.Benchmarks.dll" --recall --set "$set" --threads "${threads_list// /,}" --cache "$cache" | tee "$cache/recall-$set.md"
target="${2:-$("$py" -c "import json; print(','.join(sorted({'0.99', str(json.load(open('$cache/recall-$set.json'))['defaultRecall'])})))")}"
echo "target recall@10: $target" | tee -a "$results"
for threads in $threads_list; do
  for engine in faiss-sq8 faiss-binary hnswlib; do
    "$py" "$here/ann_python.py" "$engine" "$cache" "$set" "$target" --threads "$threads" | tee -a "$results"
  done
  node "$here/ann_usearch.mjs" "$cache" "$set" "$target" "$threads" | tee -a "$results"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
"$py" "$here/ann_table.py" "$cache/recall-$set.json" <"$results"
