// `npm test`: its own Azurite on free ports with in-memory storage, every test project, then everything stopped.
// Extra arguments go to `dotnet test` instead of the defaults, e.g.
//   node scripts/test.mjs tests/Vectron.Index.Tests -c Release --filter "FullyQualifiedName~Storage"
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, run, startAzurite } from './azurite.mjs';

const resultsDir = path.join(repoRoot, 'TestResults', `run-${Date.now()}`);
const userArgs = process.argv.slice(2);
const testArgs = userArgs.length > 0 ? userArgs : ['Vectron.sln', '-c', 'Release'];

const azurite = await startAzurite();
console.log(`Azurite (in memory) on blob ${azurite.ports.blobPort}, queue ${azurite.ports.queuePort}`);
let code = 1;
try {
  code = await run('dotnet', ['test', ...testArgs,
    '--logger', 'console;verbosity=normal', '--logger', 'trx', '--results-directory', resultsDir], {
    env: { ...process.env, VECTRON_TEST_STORAGE: azurite.connectionString, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
} finally {
  await azurite.stop();
}
for (const failure of failures(resultsDir)) console.log(`FAILED ${failure}`);
console.log(summarize(resultsDir));
process.exit(code);

function trxFiles(dir) {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.trx')).map((f) => path.join(dir, f)) : [];
}

// Failed tests again at the very end, with the first line of their message: CI keeps only the tail of a long log.
function failures(dir) {
  const found = [];
  for (const file of trxFiles(dir)) {
    const trx = fs.readFileSync(file, 'utf8');
    for (const result of trx.matchAll(/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"[^>]*>([\s\S]*?)<\/UnitTestResult>/g)) {
      const message = /<Message>([^<]*)/.exec(result[2])?.[1].split('\n')[0] ?? '';
      found.push(`${result[1]}: ${message.trim()}`);
    }
  }
  return found;
}

// One closing line over every test project: "N passed, N failed, N skipped".
function summarize(dir) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const file of trxFiles(dir)) {
    const counters = /<Counters ([^>]*)\/>/.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? '';
    const read = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(counters)?.[1] ?? 0);
    totals.passed += read('passed');
    totals.failed += read('failed') + read('error') + read('timeout') + read('aborted');
    totals.skipped += read('notExecuted');
  }
  return `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
}
