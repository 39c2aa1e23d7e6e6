// `npm start`: Azurite with on-disk data under .azurite/ on the default ports 10000-10002, then Vectron.Functions
// built and run as the local host on http://127.0.0.1:7071 against it. Ctrl-C stops both.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, run, startAzurite } from './azurite.mjs';

const url = 'http://127.0.0.1:7071';
const configuration = 'Release';
const projectDir = path.join(repoRoot, 'src', 'Vectron.Functions');
const assembly = path.join(projectDir, 'bin', configuration, 'net10.0', 'Vectron.Functions.dll');
const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' };

// Build before Azurite starts, so a compile error does not leave an emulator behind.
let code = await run('dotnet', ['build', projectDir, '-c', configuration, '-v', 'quiet', '-clp:NoSummary'], { env });
if (code !== 0) process.exit(code);

const location = path.join(repoRoot, '.azurite');
fs.mkdirSync(location, { recursive: true });
const azurite = await startAzurite({ ports: { blobPort: 10000, queuePort: 10001, tablePort: 10002 }, location });
console.log(`Azurite (data in ${path.relative(repoRoot, location)}/) on blob 10000, queue 10001, table 10002`);
try {
  code = await run('dotnet', [assembly, '--local-host', '--urls', url], {
    env: {
      ...env,
      Vectron__Storage: azurite.connectionString,
      AzureWebJobsStorage: azurite.connectionString,
      DOTNET_ENVIRONMENT: env.DOTNET_ENVIRONMENT ?? 'Development',
    },
  });
} finally {
  await azurite.stop();
}
process.exit(code);
