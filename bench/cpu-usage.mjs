// Loaded with `node --import` by bench/reports.ts: prints the process's CPU time (user + system,
// all threads) when it exits, which load on a shared machine disturbs far less than wall time.
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`cpu-ms: ${((user + system) / 1000).toFixed(0)}\n`);
});
