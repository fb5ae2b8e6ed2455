// harness.mjs: the pass/fail bookkeeping the interop tests share. A failed check is reported
// and counted, and the test goes on, so one run shows every failure. die() ends the run at
// once (after the test's own cleanup: servers, nodes, temporary folders). finish() prints the
// closing "N passed, N failed" line and exits non-zero when anything failed or nothing ran.
// Uncaught errors and interrupts end the run through die(), so a test never exits without
// its cleanup or its summary.
export function harness(name, cleanup = () => {}) {
  const h = { passed: 0, failed: 0 };
  h.check = (cond, what, detail = '') => {
    if (cond) {
      h.passed++;
    } else {
      h.failed++;
      console.error(`FAIL: ${what}${detail ? `: ${detail}` : ''}`);
    }
  };
  h.die = (msg) => {
    console.error(`${name}: FAIL: ${msg}`);
    cleanup();
    console.log(`${name}: ${h.passed} passed, ${h.failed + 1} failed`);
    process.exit(1);
  };
  h.finish = () => {
    cleanup();
    console.log(`${name}: ${h.passed} passed, ${h.failed} failed`);
    process.exit(h.failed || h.passed === 0 ? 1 : 0);
  };
  process.on('uncaughtException', (e) => h.die(`uncaught: ${e.stack || e}`));
  process.on('unhandledRejection', (e) => h.die(`unhandled: ${e.stack || e}`));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => h.die(`interrupted by ${sig}`));
  return h;
}
