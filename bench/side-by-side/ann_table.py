"""Prints the ANN side-by-side (JSON lines on stdin, Vectron's recall.json as argument) as one table: each engine at
the smallest parameter that reached the target recall@10, with latency ratios to Vectron's quantized default."""
import json
import sys


def main():
    vectron = json.load(open(sys.argv[1]))
    tuned, loads = [], []
    for line in sys.stdin:
        line = line.strip()
        if line.startswith("load"):
            loads.append(line.split(":", 1)[1].split()[0])
        elif line.startswith("{"):
            r = json.loads(line)
            if r["tuned"]:
                tuned.append(r)

    default = vectron["defaultOversample"]
    rows = [{"engine": "vectron exact" if c["oversample"] is None else f"vectron quantized{' (default)' if c['oversample'] == default else ''}",
             "param": "-" if c["oversample"] is None else f"oversample {c['oversample']}", "threads": c["threads"],
             "build_s": None, "recall": c["recall"], "p50_ms": c["p50Ms"], "p99_ms": c["p99Ms"], "reached": True}
            for c in vectron["cases"] if c["oversample"] in (None, default)]
    rows += [{**r, "param": f"{r['param']}"} for r in tuned]
    own = {c["threads"]: c["p50Ms"] for c in vectron["cases"] if c["oversample"] == default}
    print(f"Target recall@10 = {vectron['defaultRecall']:.4f} (Vectron quantized at oversample {default}), "
          f"{vectron['rows']:,} rows x 384, 1,000 queries one at a time.\n")
    print("| engine | tuned parameter | threads | build s | recall@10 | p50 ms | p99 ms | p50 / Vectron default |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in sorted(rows, key=lambda r: (r["threads"], r["engine"])):
        build = "-" if r["build_s"] is None else f"{r['build_s']:.1f}"
        ratio = f"{r['p50_ms'] / own[r['threads']]:.2f}x" if r["threads"] in own else "-"
        mark = "" if r["reached"] else " (below target)"
        print(f"| {r['engine']} | {r['param']}{mark} | {r['threads']} | {build} | {r['recall']:.4f} | "
              f"{r['p50_ms']:.3f} | {r['p99_ms']:.3f} | {ratio} |")
    print(f"\nLoad average (1 min) before, between thread counts and after: {' '.join(loads)} (2 cores)")
    for note in sorted({r["engine"] + ": " + r["note"] for r in tuned}):
        print(f"- {note}")


if __name__ == "__main__":
    main()
