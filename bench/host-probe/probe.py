#!/usr/bin/env python3
"""Median Server-Timing `scan` of fast queries against a running Vectron host (docs/benchmarks.md, "HTTP API").

    python3 bench/host-probe/probe.py --url http://127.0.0.1:7071 [--seed]

--seed first creates the collection `diag` with the server's model and upserts 100,000 seeded random 384-dimension
vectors in 100 batches of 1,000. Then each query kind runs 60 times; the median of the last 50 is printed.
"""
import argparse
import json
import random
import re
import statistics
import urllib.request


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.headers.get("Server-Timing"), response.read()


def seed(collection):
    call("PUT", collection, {"model": "all-MiniLM-L6-v2"})
    rnd = random.Random(42)
    for batch in range(100):
        documents = [{"id": f"d{batch * 1000 + i}", "vector": [rnd.gauss(0, 1) for _ in range(384)]} for i in range(1000)]
        call("POST", collection + "/documents", {"documents": documents})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:7071")
    parser.add_argument("--seed", action="store_true")
    args = parser.parse_args()
    collection = args.url.rstrip("/") + "/api/collections/diag"
    if args.seed:
        seed(collection)
    rnd = random.Random(7)
    vector = [rnd.gauss(0, 1) for _ in range(384)]
    for name, body in [("vector, eventual", {"vector": vector, "consistency": "eventual"}),
                       ("text, eventual", {"text": "a cat on a mat", "consistency": "eventual"})]:
        scans = []
        for _ in range(60):
            timing, _ = call("POST", collection + "/query", body)
            scans.append(float(re.search(r"scan;dur=([\d.]+)", timing).group(1)))
        print(f"{name}: scan median {statistics.median(scans[10:]):.3f} ms")


if __name__ == "__main__":
    main()
