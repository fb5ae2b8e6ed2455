// fake_dstack.mjs: a FAKE dstack guest agent for tests. It is not dstack and derives nothing
// from any TEE: it answers the guest agent's v0 key endpoint on a unix socket, the way
// core/secret/dstack_key.c calls it, so the dstack sealing-key provider can be tested
// outside a CVM.
//
//   node tests/tools/fake_dstack.mjs <socket path>
//
// Prints "ready" on stdout once listening; removes the socket and exits on SIGTERM/SIGINT
// or when stdin closes.
//
//   POST /GetKey  {"path": string, "purpose": string[, "algorithm": string]}
//   -> 200 {"key": hex(SHA-256("fake-dstack-key:" + path)), "signature_chain": [hex, hex]}
//
// The request is checked strictly (method, URL, Content-Type, JSON shape, no other fields)
// and anything else is answered 400 {"error": ...}, so a client that drifts from the real
// API's shape fails its test. A few reserved paths make the agent misbehave on purpose:
//   test/http-500     500 {"error": "fake agent: key derivation failed"}
//   test/error-200    200 {"error": "fake agent: refused"} (prpc style)
//   test/short-key    a 16-byte key
//   test/not-json     a body that is not JSON
//   test/no-key       {"signature_chain": []}
//   test/hang         no answer at all (the client's timeout must end the call)

import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { unlinkSync, existsSync } from 'node:fs';

const socketPath = process.argv[2];
if (!socketPath) {
  process.stderr.write('usage: node fake_dstack.mjs <socket path>\n');
  process.exit(2);
}

const fakeKey = (path) => createHash('sha256').update('fake-dstack-key:' + path).digest('hex');
const fakeSig = (label) => createHash('sha256').update('fake-signature:' + label).digest('hex') + '00' +
  createHash('sha256').update('fake-signature-2:' + label).digest('hex');

function reply(res, status, obj) {
  const body = typeof obj === 'string' ? obj : JSON.stringify(obj);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST') return reply(res, 400, { error: `fake agent: method ${req.method}, want POST` });
    if (req.url !== '/GetKey') return reply(res, 404, { error: `fake agent: no route ${req.url}` });
    const ct = req.headers['content-type'] || '';
    if (!ct.startsWith('application/json')) return reply(res, 400, { error: `fake agent: content-type ${ct}` });
    let args;
    try {
      args = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(res, 400, { error: 'fake agent: body is not JSON' });
    }
    if (typeof args !== 'object' || args === null || typeof args.path !== 'string' || typeof args.purpose !== 'string')
      return reply(res, 400, { error: 'fake agent: want {"path": string, "purpose": string}' });
    const extra = Object.keys(args).filter((k) => !['path', 'purpose', 'algorithm'].includes(k));
    if (extra.length) return reply(res, 400, { error: `fake agent: unexpected fields ${extra.join(',')}` });
    switch (args.path) {
      case 'test/http-500': return reply(res, 500, { error: 'fake agent: key derivation failed' });
      case 'test/error-200': return reply(res, 200, { error: 'fake agent: refused' });
      case 'test/short-key': return reply(res, 200, { key: fakeKey(args.path).slice(0, 32), signature_chain: [] });
      case 'test/not-json': return reply(res, 200, '<html>not json</html>');
      case 'test/no-key': return reply(res, 200, { signature_chain: [] });
      case 'test/hang': return; // never answer
    }
    return reply(res, 200, { key: fakeKey(args.path), signature_chain: [fakeSig(args.purpose), fakeSig('root')] });
  });
});

function stop() {
  server.close();
  try { if (existsSync(socketPath)) unlinkSync(socketPath); } catch { /* already gone */ }
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The test that started the agent holds the other end of stdin: when that process ends,
// for whatever reason, stdin closes and the agent goes too, so no fake agent outlives it.
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();

if (existsSync(socketPath)) unlinkSync(socketPath);
server.listen(socketPath, () => process.stdout.write('ready\n'));
