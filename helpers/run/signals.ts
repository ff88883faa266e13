/**
 * SIGTERM (CI cancelling a job, `kill`, a container stop) would end Playwright's runner at once,
 * skipping global teardown and leaving the tenant's API key live. Playwright shuts down
 * gracefully on SIGINT only, so the runner answers SIGTERM as if it were SIGINT.
 */
export function treatSigtermAsSigint(): void {
  if (process.listenerCount('SIGTERM') > 0 && (process as { __smokeTerm?: boolean }).__smokeTerm) return;
  (process as { __smokeTerm?: boolean }).__smokeTerm = true;
  process.on('SIGTERM', () => {
    process.stderr.write('smoke: SIGTERM received: stopping like Ctrl-C, cleanup runs\n');
    process.kill(process.pid, 'SIGINT');
  });
}
