// The reliability suite's load generator: autocannon (node_modules) against a running Vectron service, 90% queries /
// 10% upserts. Called by tests/Vectron.Reliability.Tests/Load with one JSON argument and writes one JSON result:
//   node scripts/reliability-load.mjs '{"url":"http://127.0.0.1:7071","collection":"load","dimensions":384,
//     "connections":16,"seconds":10,"documents":5000,"output":"/tmp/result.json"}'
// Per 50 requests on a connection: 44 vector queries (eventual consistency: the engine's hot path), 1 text query
// (strong: embedding + catch-up), 5 single-document upserts of fresh random vectors (ids load-<n>).
import autocannon from 'autocannon';
import fs from 'node:fs';

const options = JSON.parse(process.argv[2] ?? '{}');
const { url, collection, dimensions, connections, seconds, output } = options;
if (!url || !collection || !dimensions || !connections || !seconds || !output) {
  console.error('usage: node scripts/reliability-load.mjs \'{"url","collection","dimensions","connections","seconds","output"}\'');
  process.exit(2);
}

// Seeded so a run can be repeated: mulberry32.
let state = options.seed ?? 20261125;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const vector = () => Array.from({ length: dimensions }, () => Number((random() * 2 - 1).toFixed(5)));
const queryBodies = Array.from({ length: 256 }, () => JSON.stringify({ vector: vector(), topK: 10, consistency: 'eventual' }));
const texts = ['a pet resting at home', 'quarterly revenue grew', 'long walks in the park', 'storage outage recovery'];
let nextQuery = 0;
let nextUpsert = 0;
const headers = { 'content-type': 'application/json' };
const query = {
  method: 'POST', path: `/api/collections/${collection}/query`, headers,
  setupRequest: (request) => ({ ...request, body: queryBodies[nextQuery++ % queryBodies.length] }),
};
const textQuery = {
  method: 'POST', path: `/api/collections/${collection}/query`, headers,
  setupRequest: (request) => ({ ...request, body: JSON.stringify({ text: texts[nextQuery++ % texts.length], topK: 10 }) }),
};
const upsert = {
  method: 'POST', path: `/api/collections/${collection}/documents`, headers,
  setupRequest: (request) => ({ ...request, body: JSON.stringify({ documents: [{ id: `load-${nextUpsert++}`, vector: vector() }] }) }),
};
const requests = [];
for (let i = 0; i < 50; i++) {
  requests.push(i % 10 === 9 ? upsert : i === 24 ? textQuery : query);
}

const result = await autocannon({ url, connections, duration: seconds, requests, timeout: 30 });
const latency = result.latency;
const summary = {
  connections,
  seconds: result.duration,
  requests: result.requests.total,
  requestsPerSecond: result.requests.average,
  latencyMs: { p50: latency.p50, p90: latency.p90, p99: latency.p99, p99_9: latency.p99_9, max: latency.max },
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
  upserts: nextUpsert,
};
fs.writeFileSync(output, JSON.stringify(summary, null, 2));
console.log(JSON.stringify(summary));
