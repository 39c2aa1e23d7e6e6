"""Writes the vectors and queries every engine in the side-by-side reads, so all see the same bytes.

File layout (little-endian): b"VSBS", int32 version (1), int32 rows, int32 dimensions, int32 queries,
then rows x dimensions float32 (row-major), then queries x dimensions float32. Every vector is L2-normalised.
"""
import argparse
import os

import numpy as np

MAGIC = b"VSBS"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dims", type=int, default=384)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    os.makedirs(os.path.dirname(os.path.abspath(args.path)), exist_ok=True)
    with open(args.path, "wb") as out:
        out.write(MAGIC)
        out.write(np.array([1, args.rows, args.dims, args.queries], dtype="<i4").tobytes())
        # Chunks keep the generator's memory small next to a 1.5 GB file.
        for start in range(0, args.rows + args.queries, 100_000):
            count = min(100_000, args.rows + args.queries - start)
            chunk = rng.standard_normal((count, args.dims), dtype=np.float32)
            chunk /= np.linalg.norm(chunk, axis=1, keepdims=True)
            out.write(chunk.astype("<f4").tobytes())


if __name__ == "__main__":
    main()
