"""Loads the cached corpus vectors and ground truth (bench/corpus/README.md) and tunes an engine's search parameter
to a target recall@10; shared by the ANN runners (ann_python.py; ann_usearch.mjs follows the same steps)."""
import json
import os
import statistics
import time

import numpy as np

K = 10
WARMUP_QUERIES = 20


def matrix(cache, name, dtype="<f4"):
    header = json.load(open(os.path.join(cache, name + ".json")))
    return np.fromfile(os.path.join(cache, name + ".bin"), dtype).reshape(header["count"], header["dimensions"])


def load(cache, set_name):
    """The set's base rows (its matrices concatenated, as sets.json lists them), the queries, the top-10 truth."""
    corpus_set = json.load(open(os.path.join(cache, "sets.json")))[set_name]
    base = np.concatenate([matrix(cache, name) for name in corpus_set["vectors"]])
    return base, matrix(cache, "queries"), matrix(cache, corpus_set["truth"], "<i4")[:, :K]


def measure(search, queries, truth):
    """Runs every query alone through search(q) -> ids; returns recall@10 and p50/p99 latency in ms."""
    for q in queries[:WARMUP_QUERIES]:
        search(q)
    times, found = [], 0
    for q, expected in zip(queries, truth):
        start = time.perf_counter_ns()
        ids = search(q)
        times.append((time.perf_counter_ns() - start) / 1e6)
        found += len(set(int(i) for i in ids[:K]) & set(int(i) for i in expected))
    times.sort()
    return {"recall": found / (len(queries) * K), "p50_ms": statistics.median(times),
            "p99_ms": times[min(len(times) - 1, int(0.99 * len(times)))], "mean_ms": statistics.fmean(times)}


def tune(engine, params, set_param, search, queries, truth, targets, extra):
    """Tries params in ascending order and prints one JSON line each; "tuned_for" lists the targets that param is
    the smallest to reach. Stops once every target is reached; the last param tried stands for any target never
    reached (listed in "missed" too)."""
    pending = sorted(targets)
    for i, param in enumerate(params):
        set_param(param)
        result = measure(search, queries, truth)
        reached = [t for t in pending if result["recall"] >= t]
        pending = [t for t in pending if t not in reached]
        missed = pending if i == len(params) - 1 else []
        print(json.dumps({"engine": engine, "param": param, "tuned_for": reached + missed, "missed": missed,
                          **result, **extra}), flush=True)
        if not pending:
            return
