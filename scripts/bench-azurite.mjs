// Runs the benchmark program against a fresh in-memory Azurite: starts it on free loopback ports, passes its
// connection string in VECTRON_BENCH_STORAGE, runs `dotnet run -c Release --project bench/Vectron.Benchmarks -- <args>`,
// stops Azurite. E.g. `node scripts/bench-azurite.mjs cold-start --rows 100000`, or `... --filter '*QueryBenchmarks*'`.
import { spawn } from 'node:child_process';
import { repoRoot, startAzurite } from './azurite.mjs';

const azurite = await startAzurite();
let code = 1;
try {
  const child = spawn('dotnet', ['run', '-c', 'Release', '--project', 'bench/Vectron.Benchmarks', '--', ...process.argv.slice(2)], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, VECTRON_BENCH_STORAGE: azurite.connectionString },
  });
  code = await new Promise((resolve) => child.once('exit', (exit) => resolve(exit ?? 1)));
} finally {
  await azurite.stop();
}
process.exit(code);
