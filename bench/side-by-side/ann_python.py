"""faiss SQ8, faiss binary flat and hnswlib on the cached corpus vectors, each tuned to a target recall@10; one JSON
line per parameter tried.   ann_python.py ENGINE CACHE_DIR SET TARGET_RECALL[,..] [--threads N]"""
import argparse
import time

import numpy as np

import ann_corpus

# k-factors (candidates re-ranked per requested hit) and hnswlib ef values tried, smallest first.
K_FACTORS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128]
EF_SEARCH = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024]


def faiss_sq8(base, threads):
    """IndexScalarQuantizer QT_8bit, inner product, inside IndexRefineFlat (k_factor 1 means no re-rank)."""
    import faiss
    faiss.omp_set_num_threads(threads)
    sq = faiss.IndexScalarQuantizer(base.shape[1], faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
    index = faiss.IndexRefineFlat(sq)
    index.train(base)
    index.add(base)

    def set_param(k_factor):
        index.k_factor = float(k_factor)

    def search(q):
        return index.search(q.reshape(1, -1), ann_corpus.K)[1][0]
    return K_FACTORS, set_param, search, "IndexRefineFlat(IndexScalarQuantizer QT_8bit, IP); param = k_factor"


def faiss_binary(base, threads):
    """Sign bits in IndexBinaryFlat (Hamming), the k x k_factor nearest re-ranked in float32 with numpy."""
    import faiss
    faiss.omp_set_num_threads(threads)
    index = faiss.IndexBinaryFlat(base.shape[1])
    index.add(np.packbits(base > 0, axis=1))
    state = {"k_factor": 1}

    def set_param(k_factor):
        state["k_factor"] = k_factor

    def search(q):
        candidates = index.search(np.packbits(q > 0).reshape(1, -1), ann_corpus.K * state["k_factor"])[1][0]
        candidates = candidates[candidates >= 0]
        scores = base[candidates] @ q
        return candidates[np.argsort(-scores, kind="stable")[:ann_corpus.K]]
    return K_FACTORS, set_param, search, "IndexBinaryFlat(sign bits) + numpy float32 re-rank; param = k_factor"


def hnswlib_index(base, threads):
    """hnswlib HNSW, inner product, M=16, ef_construction=200; param = ef (search)."""
    import hnswlib
    index = hnswlib.Index(space="ip", dim=base.shape[1])
    index.init_index(max_elements=len(base), ef_construction=200, M=16, random_seed=9)
    index.add_items(base, np.arange(len(base)), num_threads=2)
    index.set_num_threads(threads)

    def search(q):
        return index.knn_query(q, k=ann_corpus.K)[0][0]
    return EF_SEARCH, index.set_ef, search, "hnswlib HNSW ip, M=16, ef_construction=200 (built on 2 threads); param = ef"


ENGINES = {"faiss-sq8": faiss_sq8, "faiss-binary": faiss_binary, "hnswlib": hnswlib_index}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=ENGINES)
    parser.add_argument("cache")
    parser.add_argument("set")
    parser.add_argument("targets", type=lambda text: [float(t) for t in text.split(",")])
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    base, queries, truth = ann_corpus.load(args.cache, args.set)
    start = time.perf_counter()
    params, set_param, search, note = ENGINES[args.engine](base, args.threads)
    build_s = time.perf_counter() - start
    ann_corpus.tune(args.engine, params, set_param, search, queries, truth, args.targets,
                    {"threads": args.threads, "build_s": build_s, "rows": len(base), "note": note})


if __name__ == "__main__":
    main()
