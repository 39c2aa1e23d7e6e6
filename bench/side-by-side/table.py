"""Prints the side-by-side results (JSON lines on stdin) as one table, with ratios to Vectron in the same run."""
import json
import sys

ENGINES = ["vectron", "usearch", "faiss", "numpy"]


def main():
    results, loads = {}, []
    for line in sys.stdin:
        line = line.strip()
        if line.startswith("load"):
            loads.append(line.split(":", 1)[1].split()[0])
        if line.startswith("{"):
            r = json.loads(line)
            results[(r["engine"], r["rows"], r["threads"])] = r
    cases = sorted({(rows, threads) for (_, rows, threads) in results})
    print("| rows | threads | " + " | ".join(f"{e} ms" for e in ENGINES) + " | usearch / vectron | faiss / vectron | top-10 agrees |")
    print("|---:|---:|" + "---:|" * len(ENGINES) + "---:|---:|:---:|")
    for rows, threads in cases:
        row = [results.get((e, rows, threads)) for e in ENGINES]
        cells = [f"{r['median_ms']:.3f}" if r else "-" for r in row]
        vectron = row[0]["median_ms"] if row[0] else None
        ratio = lambda r: f"{r['median_ms'] / vectron:.2f}x" if r and vectron else "-"
        ids = [tuple(r["first_ids"]) for r in row if r]
        agrees = "yes" if ids and all(i == ids[0] for i in ids) else "NO"
        print(f"| {rows:,} | {threads} | " + " | ".join(cells) + f" | {ratio(row[1])} | {ratio(row[2])} | {agrees} |")
    print(f"\nLoad average (1 min) before, between cases and after: {' '.join(loads)} (2 cores)")
    notes = {r["engine"]: r.get("note", "") for r in results.values()}
    for engine in ENGINES:
        if engine in notes:
            print(f"\n- {engine}: {notes[engine]}")


if __name__ == "__main__":
    main()
