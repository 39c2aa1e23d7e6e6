// usearch HNSW with int8 quantization on the cached corpus vectors, expansion_search tuned to a target recall@10,
// the same steps as ann_corpus.py; one JSON line per value tried.   node ann_usearch.mjs CACHE_DIR SET TARGET[,..] [THREADS]
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'usearch', 'package.json'));
const usearch = require('usearch');
const { version } = JSON.parse(fs.readFileSync(path.join(here, 'usearch', 'node_modules', 'usearch', 'package.json'), 'utf8'));

const [cache, setName, targetArg, threadsArg = '1'] = process.argv.slice(2);
let pending = targetArg.split(',').map(Number).sort((a, b) => a - b);
const threads = Number(threadsArg);
const K = 10;
const WARMUP_QUERIES = 20;
const EXPANSION_SEARCH = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024];
const CONNECTIVITY = 16;
const EXPANSION_ADD = 200;

// The set's matrices concatenated as sets.json lists them (bench/corpus/README.md).
const matrix = name => {
  const header = JSON.parse(fs.readFileSync(path.join(cache, `${name}.json`), 'utf8'));
  const b = fs.readFileSync(path.join(cache, `${name}.bin`));
  return { header, bytes: b };
};
const corpusSet = JSON.parse(fs.readFileSync(path.join(cache, 'sets.json'), 'utf8'))[setName];
const parts = corpusSet.vectors.map(matrix);
const dims = parts[0].header.dimensions;
const bytes = Buffer.concat(parts.map(p => p.bytes));
const base = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
const header = { count: base.length / dims };
const queryBytes = matrix('queries').bytes;
const queries = new Float32Array(queryBytes.buffer, queryBytes.byteOffset, queryBytes.length / 4);
const truthBytes = matrix(corpusSet.truth).bytes;
const truthAll = new Int32Array(truthBytes.buffer, truthBytes.byteOffset, truthBytes.length / 4);
const queryCount = queries.length / dims;
const depth = truthAll.length / queryCount;

const config = { dimensions: dims, metric: usearch.MetricKind.Cos, quantization: usearch.ScalarKind.I8, connectivity: CONNECTIVITY, expansion_add: EXPANSION_ADD };
const start = process.hrtime.bigint();
const built = new usearch.Index({ ...config, expansion_search: EXPANSION_SEARCH[0] });
const keys = new BigUint64Array(header.count);
for (let i = 0; i < header.count; i++) keys[i] = BigInt(i);
built.add(keys, base, 2);
const buildS = Number(process.hrtime.bigint() - start) / 1e9;

// expansion_search is fixed at construction in the JS binding: the built graph is saved once and loaded into an
// index constructed with each value (loading keeps the constructor's search settings).
const saved = path.join(os.tmpdir(), `vectron-ann-usearch-${process.pid}.usearch`);
built.save(saved);
try {
  for (const [i, expansion] of EXPANSION_SEARCH.entries()) {
    const index = new usearch.Index({ ...config, expansion_search: expansion });
    index.load(saved);
    const search = q => index.search(queries.subarray(q * dims, (q + 1) * dims), K, threads).keys;
    for (let q = 0; q < WARMUP_QUERIES; q++) search(q);
    const times = [];
    let found = 0;
    for (let q = 0; q < queryCount; q++) {
      const t = process.hrtime.bigint();
      const ids = search(q);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      const expected = new Set(truthAll.subarray(q * depth, q * depth + K));
      for (const id of ids) found += expected.has(Number(id)) ? 1 : 0;
    }
    times.sort((a, b) => a - b);
    const recall = found / (queryCount * K);
    const p50 = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
    const reached = pending.filter(t => recall >= t);
    pending = pending.filter(t => recall < t);
    const missed = i === EXPANSION_SEARCH.length - 1 ? pending : [];
    console.log(JSON.stringify({
      engine: 'usearch-i8', param: expansion, tuned_for: [...reached, ...missed], missed, recall, p50_ms: p50,
      p99_ms: times[Math.min(times.length - 1, Math.floor(0.99 * times.length))], mean_ms: times.reduce((a, b) => a + b, 0) / times.length,
      threads, build_s: buildS, rows: header.count,
      note: `usearch ${version} HNSW i8, cos, connectivity ${CONNECTIVITY}, expansion_add ${EXPANSION_ADD} (built on 2 threads); param = expansion_search`,
    }));
    if (pending.length === 0) break;
  }
} finally {
  fs.rmSync(saved, { force: true });
}
