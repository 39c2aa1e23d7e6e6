"""Reads the file generate.py wrote, without copying the vectors (memory-mapped)."""
import numpy as np


def load(path, max_rows=None):
    header = np.fromfile(path, dtype="<i4", count=5)
    if header[:1].tobytes() != b"VSBS" or header[1] != 1:
        raise ValueError(f"{path} is not a side-by-side vector file")
    rows, dims, queries = (int(v) for v in header[2:5])
    data = np.memmap(path, dtype="<f4", mode="r", offset=20, shape=(rows + queries, dims))
    used = rows if max_rows is None else min(rows, max_rows)
    return np.ascontiguousarray(data[:used]), np.ascontiguousarray(data[rows:])
