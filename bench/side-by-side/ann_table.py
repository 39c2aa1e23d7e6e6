"""Prints the ANN side-by-side (JSON lines on stdin, Vectron's recall.json as argument): per target recall@10, each
engine at the smallest parameter that reached it, with p50 latency ratios to Vectron's fast mode."""
import json
import sys


def vectron_rows(vectron, target):
    """Vectron's smallest oversampling reaching target, its default, and exact search, per thread count."""
    rows = []
    for threads in sorted({c["threads"] for c in vectron["cases"]}):
        cases = [c for c in vectron["cases"] if c["threads"] == threads]
        quantized = sorted((c for c in cases if c["oversample"] is not None), key=lambda c: c["oversample"])
        smallest = next((c for c in quantized if c["recall"] >= target), quantized[-1])
        picked = {id(c): c for c in [smallest] + [c for c in cases if c["oversample"] in (None, vectron["defaultOversample"])]}
        for c in picked.values():
            name = "vectron exact" if c["oversample"] is None else "vectron fast"
            param = "-" if c["oversample"] is None else f"oversample {c['oversample']}" + (
                " (default)" if c["oversample"] == vectron["defaultOversample"] else "")
            rows.append({"engine": name, "param": param, "threads": threads, "build_s": None, "recall": c["recall"],
                         "p50_ms": c["p50Ms"], "p99_ms": c["p99Ms"], "missed": c["recall"] < target,
                         "tuned": c is smallest})
    return rows


def main():
    vectron = json.load(open(sys.argv[1]))
    results, loads = [], []
    for line in sys.stdin:
        line = line.strip()
        if line.startswith("load"):
            loads.append(line.split(":", 1)[1].split()[0])
        elif line.startswith("{"):
            results.append(json.loads(line))

    targets = sorted({t for r in results for t in r["tuned_for"]})
    print(f"{vectron['rows']:,} rows x 384, 1,000 queries one at a time; Vectron's default (oversample "
          f"{vectron['defaultOversample']}) reaches recall@10 {vectron['defaultRecall']:.4f}.")
    for target in targets:
        rows = vectron_rows(vectron, target)
        rows += [{**r, "param": str(r["param"]), "missed": target in r["missed"]} for r in results if target in r["tuned_for"]]
        own = {r["threads"]: r["p50_ms"] for r in rows if r["engine"] == "vectron fast" and r.get("tuned")}
        print(f"\nTarget recall@10 >= {target}:\n")
        print("| engine | parameter | threads | build s | recall@10 | p50 ms | p99 ms | p50 / Vectron fast |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for r in sorted(rows, key=lambda r: (r["threads"], not r["engine"].startswith("vectron"), r["engine"], r["param"])):
            build = "-" if r["build_s"] is None else f"{r['build_s']:.1f}"
            ratio = f"{r['p50_ms'] / own[r['threads']]:.2f}x" if r["threads"] in own else "-"
            mark = " (below target)" if r["missed"] else ""
            print(f"| {r['engine']} | {r['param']}{mark} | {r['threads']} | {build} | {r['recall']:.4f} | "
                  f"{r['p50_ms']:.3f} | {r['p99_ms']:.3f} | {ratio} |")
    print(f"\nLoad average (1 min) before, between thread counts and after: {' '.join(loads)} (2 cores)")
    for note in sorted({r["engine"] + ": " + r["note"] for r in results}):
        print(f"- {note}")


if __name__ == "__main__":
    main()
