// hardhat_node.mjs: a local hardhat node for the eth interop tests, on a free loopback port in
// its own process group (so the caller's cleanup can kill it and its children at once).
// startHardhat resolves once the node answers eth_chainId 31337 (90 s at most), or calls die.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// interopDir: tests/interop (node_modules and eth/hardhat.config.cjs live there).
// Returns { child, url, rpc(method, params) }.
export async function startHardhat(interopDir, die) {
  const cli = join(interopDir, 'node_modules', 'hardhat', 'internal', 'cli', 'bootstrap.js');
  if (!existsSync(cli)) die(`${cli} is missing; run "npm ci" in ${interopDir}`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(
    process.execPath,
    [cli, '--config', join(interopDir, 'eth', 'hardhat.config.cjs'), 'node', '--hostname', '127.0.0.1', '--port', String(port)],
    { cwd: join(interopDir, 'eth'), detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true' } },
  );
  child.stdout.on('data', (d) => (log = (log + d).slice(-4000)));
  child.stderr.on('data', (d) => (log = (log + d).slice(-4000)));
  async function rpc(method, params = []) {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const j = await r.json();
    if (j.error) throw new Error(`${method}: ${j.error.message}`);
    return j.result;
  }
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) die(`hardhat exited (${child.exitCode}): ${log}`);
    try {
      if ((await rpc('eth_chainId')) === '0x7a69') break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) die(`hardhat did not answer on ${url} within 90 s: ${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, url, rpc };
}
