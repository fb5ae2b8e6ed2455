// flip_worker.mjs: a helper process of test_sol_litesvm.mjs. It restores a litesvm snapshot
// and sends it wire transactions, one per request, exactly as given (no client library
// re-encodes them), answering each with whether litesvm executed it.
//
// It runs apart from the test because litesvm 1.5's sendLegacyTransaction unwraps its
// bincode deserialisation result: bytes that do not deserialise abort the whole process
// (a Rust panic), which the test reads as "refused while deserialising" and then starts a
// new helper for the remaining requests.
//
// Usage: node flip_worker.mjs <snapshot-file> <address,address,...>
// stdin, one request per line:   <id> <base64 wire transaction>   |   balances
// stdout, one answer per line:   <id> ok <signature hex> | <id> fail <reason>
//                                | balances <JSON array, per address: "lamports/sha256(data)">
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { FailedTransactionMetadata, LiteSVM } from 'litesvm';

const [snapshot, watched] = process.argv.slice(2);
const svm = LiteSVM.fromBytes(readFileSync(snapshot));
const addresses = watched ? watched.split(',') : [];
const FIELDLESS = [
  'AccountInUse', 'AccountLoadedTwice', 'AccountNotFound', 'ProgramAccountNotFound', 'InsufficientFundsForFee',
  'InvalidAccountForFee', 'AlreadyProcessed', 'BlockhashNotFound', 'CallChainTooDeep', 'MissingSignatureForFee',
  'InvalidAccountIndex', 'SignatureFailure', 'InvalidProgramForExecution', 'SanitizeFailure', 'ClusterMaintenance',
];
const reason = (e) => (typeof e === 'number' ? FIELDLESS[e] ?? `TransactionError ${e}` : String(e).split('\n')[0]);

const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (line === 'balances') {
    const state = addresses.map((a) => {
      const acct = svm.getAccount(a);
      if (!acct.exists) return 'absent';
      return `${acct.lamports}/${createHash('sha256').update(acct.data).digest('hex')}`;
    });
    process.stdout.write(`balances ${JSON.stringify(state)}\n`);
    continue;
  }
  const [id, b64] = line.split(' ');
  let answer;
  try {
    const r = svm.inner.sendLegacyTransaction(Uint8Array.from(Buffer.from(b64, 'base64')));
    answer = r instanceof FailedTransactionMetadata ? `fail ${reason(r.err())}` : `ok ${Buffer.from(r.signature()).toString('hex')}`;
  } catch (e) {
    answer = `fail refused: ${String(e.message ?? e).split('\n')[0]}`;
  }
  process.stdout.write(`${id} ${answer}\n`);
}
