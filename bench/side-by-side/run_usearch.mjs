// Times single-query exact top-k with usearch's exactSearch (SimSIMD kernels); one JSON line per case.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'usearch', 'package.json'));
const usearch = require('usearch');

const [file, rowsArg = '10000,100000,1000000', threadsArg = '1,2', kArg = '10'] = process.argv.slice(2);
const fd = fs.openSync(file, 'r');
const header = Buffer.alloc(20);
fs.readSync(fd, header, 0, 20, 0);
if (header.toString('latin1', 0, 4) !== 'VSBS' || header.readInt32LE(4) !== 1) throw new Error(`${file} is not a side-by-side vector file`);
const [rows, dims, queryCount] = [header.readInt32LE(8), header.readInt32LE(12), header.readInt32LE(16)];
const readFloats = (firstRow, count) => {
  const bytes = Buffer.alloc(count * dims * 4);
  for (let done = 0; done < bytes.length;) {
    done += fs.readSync(fd, bytes, done, Math.min(1 << 30, bytes.length - done), 20 + firstRow * dims * 4 + done);
  }
  return new Float32Array(bytes.buffer, bytes.byteOffset, count * dims);
};
const maxRows = Math.max(...rowsArg.split(',').map(Number));
const base = readFloats(0, Math.min(rows, maxRows));
const queries = readFloats(rows, queryCount);
const k = Number(kArg);

for (const n of rowsArg.split(',').map(Number)) {
  const dataset = base.subarray(0, n * dims);
  for (const threads of threadsArg.split(',').map(Number)) {
    const search = (i) => usearch.exactSearch(dataset, queries.subarray(i * dims, (i + 1) * dims), dims, k, usearch.MetricKind.IP, threads);
    for (let i = 0; i < 3; i++) search(i);
    const times = [];
    let first;
    for (let i = 0; i < queryCount; i++) {
      const start = process.hrtime.bigint();
      const result = search(i);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      first ??= Array.from(result.keys, Number);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(JSON.stringify({ engine: 'usearch', rows: n, threads, median_ms: median, mean_ms: mean, first_ids: first, note: 'exactSearch, MetricKind.IP' }));
  }
}
