// `npm test`: its own Azurite on free ports with in-memory storage, every test project, then everything stopped.
import { run, startAzurite } from './azurite.mjs';

const azurite = await startAzurite();
console.log(`Azurite (in memory) on blob ${azurite.ports.blobPort}, queue ${azurite.ports.queuePort}`);
let code = 1;
try {
  code = await run('dotnet', ['test', 'Vectron.sln', '-c', 'Release', '--logger', 'console;verbosity=normal'], {
    env: { ...process.env, VECTRON_TEST_STORAGE: azurite.connectionString, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
} finally {
  await azurite.stop();
}
process.exit(code);
