// Starts the Azurite emulator from node_modules and knows how to talk to it. Shared by start.mjs and test.mjs.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The well-known development account key that Azurite publishes; it guards nothing.
const devAccount = 'devstoreaccount1';
const devKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function connectionString({ blobPort, queuePort, tablePort }) {
  const endpoint = (port) => `http://127.0.0.1:${port}/${devAccount}`;
  return `DefaultEndpointsProtocol=http;AccountName=${devAccount};AccountKey=${devKey};` +
    `BlobEndpoint=${endpoint(blobPort)};QueueEndpoint=${endpoint(queuePort)};TableEndpoint=${endpoint(tablePort)};`;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(); });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`Azurite did not open port ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/**
 * Starts Azurite. `location` keeps data on disk; without it the data lives in memory and dies with the process.
 * Returns { ports, connectionString, stop() }.
 */
export async function startAzurite({ ports, location } = {}) {
  ports ??= { blobPort: await freePort(), queuePort: await freePort(), tablePort: await freePort() };
  const bin = path.join(repoRoot, 'node_modules', 'azurite', 'dist', 'src', 'azurite.js');
  const args = [
    bin,
    '--blobHost', '127.0.0.1', '--blobPort', String(ports.blobPort),
    '--queueHost', '127.0.0.1', '--queuePort', String(ports.queuePort),
    '--tableHost', '127.0.0.1', '--tablePort', String(ports.tablePort),
    // The Azure SDK speaks a newer API version than Azurite knows; without this every call is 400.
    '--skipApiVersionCheck',
    // With telemetry on, Azurite has been seen to ignore SIGTERM.
    '--disableTelemetry',
    '--silent',
    ...(location ? ['--location', location] : ['--inMemoryPersistence']),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  let exited = false;
  child.once('exit', () => { exited = true; });
  await Promise.race([
    Promise.all([waitForPort(ports.blobPort, 30000), waitForPort(ports.queuePort, 30000)]),
    new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`Azurite exited with code ${code}`)))),
  ]);
  return {
    ports,
    connectionString: connectionString(ports),
    stop: () => new Promise((resolve) => {
      if (exited) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 5000).unref();
    }),
  };
}

/** Runs a command, inheriting stdio; resolves with its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: repoRoot, ...options });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
