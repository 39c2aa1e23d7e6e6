// `npm run reliability`: the full reliability suite (VECTRON_RELIABILITY_SCALE=full) plus the hostile-input tests,
// each test writing its figures as JSON into one directory (VECTRON_RELIABILITY_REPORT); then every *.json there
// is collected into docs/reliability.md ("Latest full run"). `npm run reliability -- --soak` runs only the load test
// for 10 minutes (scale soak) and writes "Latest soak run". The contract is in docs/reliability.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, run } from './azurite.mjs';

// `--collect <dir>` only renders the figures already in <dir> (e.g. of a run that was interrupted).
const soak = process.argv.includes('--soak');
const collectIndex = process.argv.indexOf('--collect');
const collectOnly = collectIndex >= 0;
const scale = soak ? 'soak' : 'full';
const reportDir = collectOnly ? path.resolve(process.argv[collectIndex + 1]) : path.join(repoRoot, 'TestResults', `reliability-${Date.now()}`);
fs.mkdirSync(reportDir, { recursive: true });
const env = { ...process.env, VECTRON_RELIABILITY_SCALE: scale, VECTRON_RELIABILITY_REPORT: reportDir };
const started = collectOnly ? fs.statSync(reportDir).birthtime : new Date();
const loadBefore = os.loadavg()[0];

const suites = collectOnly ? [] : soak
  ? [['tests/Vectron.Reliability.Tests', '-c', 'Release', '--filter', 'FullyQualifiedName~LoadTests']]
  : [['tests/Vectron.Reliability.Tests', '-c', 'Release'],
     ['tests/Vectron.Functions.Tests', '-c', 'Release', '--filter', 'FullyQualifiedName~Hostile']];
let code = 0;
for (const args of suites) {
  // test.mjs starts the shared Azurite that the hostile tests use; the reliability tests start their own.
  code = (await run(process.execPath, [path.join('scripts', 'test.mjs'), ...args], { env })) || code;
}

const reports = fs.readdirSync(reportDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(reportDir, f), 'utf8')));
const markdown = render(reports, {
  command: soak ? 'npm run reliability -- --soak' : 'npm run reliability',
  scale, started, finished: new Date(), code, loadBefore, loadAfter: os.loadavg()[0], cpus: os.cpus().length, collectOnly,
});
const docPath = path.join(repoRoot, 'docs', 'reliability.md');
const marker = soak ? 'soak-run' : 'latest-run';
const begin = `<!-- ${marker}:start -->`;
const end = `<!-- ${marker}:end -->`;
let doc = fs.readFileSync(docPath, 'utf8');
const block = `${begin}\n${markdown}\n${end}`;
doc = doc.includes(begin) ? doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), () => block) : `${doc.trimEnd()}\n\n${block}\n`;
fs.writeFileSync(docPath, doc);
console.log(`${reports.length} report file(s) from ${path.relative(repoRoot, reportDir)} written to docs/reliability.md`);
process.exit(code);

function render(files, run) {
  const totals = ['requests', 'faultsInjected', 'badInputs', 'documentsVerified', 'lost'];
  const cell = (value) => (value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  const sum = (name) => files.reduce((total, f) => total + (Number(f.figures?.[name]) || 0), 0);
  const lines = [
    `## ${run.scale === 'soak' ? 'Latest soak run' : 'Latest full run'}`,
    '',
    `\`${run.command}\` (scale \`${run.scale}\`), ${run.started.toISOString()} to ${run.finished.toISOString()}, ` +
      `${run.cpus} cores, load average ${run.loadBefore.toFixed(1)} at the start and ${run.loadAfter.toFixed(1)} at the end ` +
      `(other engineers' builds share the machine). ${run.collectOnly ? 'Collected from the JSON files of the run (see the table for which tests reported).' : run.code === 0 ? 'Tests passed.' : `Tests FAILED (exit code ${run.code}).`}`,
    '',
    `| section | test | ${totals.join(' | ')} |`,
    `|---|---|${totals.map(() => '---:').join('|')}|`,
    ...files.map((f) => `| ${f.section} | ${f.name} | ${totals.map((t) => cell(f.figures?.[t])).join(' | ')} |`),
    `| **total** | | ${totals.map((t) => `**${sum(t)}**`).join(' | ')} |`,
  ];
  for (const section of [...new Set(files.map((f) => f.section))]) {
    lines.push('', `### ${section}: figures`);
    for (const f of files.filter((x) => x.section === section)) {
      lines.push('', `**${f.name}** (${f.scale}, ${f.date}): ${f.notes ?? ''}`, '');
      for (const [name, value] of Object.entries(f.figures ?? {})) {
        if (Array.isArray(value) && value.every((v) => v && typeof v === 'object')) {
          value.forEach((v, i) => lines.push(`- ${name}[${i}]: \`${JSON.stringify(v)}\``));
        } else {
          lines.push(`- ${name}: ${cell(value)}`);
        }
      }
    }
  }
  return lines.join('\n');
}
