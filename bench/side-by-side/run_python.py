"""Times single-query exact top-k with numpy (BLAS) or faiss IndexFlatIP; prints one JSON line per case."""
import argparse
import json
import statistics
import time

import numpy as np

import vectors


def timed(search, queries, k):
    for q in queries[:3]:
        search(q, k)
    times, first = [], None
    for q in queries:
        start = time.perf_counter()
        ids = search(q, k)
        times.append((time.perf_counter() - start) * 1000)
        first = ids if first is None else first
    return times, [int(i) for i in first]


def numpy_search(base):
    def search(q, k):
        scores = base @ q
        top = np.argpartition(-scores, k)[:k]
        return top[np.lexsort((top, -scores[top]))]
    return search


def faiss_search(base):
    import faiss
    index = faiss.IndexFlatIP(base.shape[1])
    index.add(base)

    def search(q, k):
        _, ids = index.search(q.reshape(1, -1), k)
        return ids[0]
    return search


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=["numpy", "faiss"])
    parser.add_argument("path")
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()

    base_all, queries = vectors.load(args.path, max(args.rows))
    from threadpoolctl import threadpool_info, threadpool_limits
    for rows in args.rows:
        base = np.ascontiguousarray(base_all[:rows])
        search = numpy_search(base) if args.engine == "numpy" else faiss_search(base)
        for threads in args.threads:
            if args.engine == "faiss":
                import faiss
                faiss.omp_set_num_threads(threads)
            with threadpool_limits(limits=threads):
                times, first = timed(search, queries, args.k)
                pools = [f"{p.get('internal_api')} {p.get('version')} {p.get('architecture')}" for p in threadpool_info()]
            print(json.dumps({"engine": args.engine, "rows": rows, "threads": threads,
                              "median_ms": statistics.median(times), "mean_ms": statistics.fmean(times),
                              "first_ids": first, "note": "; ".join(pools)}), flush=True)


if __name__ == "__main__":
    main()
