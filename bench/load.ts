/**
 * The HTTP load generator, in its own process so it does not share the event loop of the server it measures:
 * `node --import tsx bench/load.ts '<autocannon options as JSON>'`. Prints `RESULT <json>` (latency percentiles in
 * ms, requests per second, status counts, its own CPU time).
 */
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2] ?? '{}');
const result = await autocannon({ connections: 100, duration: 5, timeout: 10, ...options });
// Its own CPU time too: on a small machine the load generator competes with the server it measures.
const cpu = process.cpuUsage();
process.stdout.write(`RESULT ${JSON.stringify({
  p50Ms: result.latency.p50,
  p90Ms: result.latency.p90,
  p99Ms: result.latency.p99,
  maxMs: result.latency.max,
  meanMs: result.latency.average,
  requestsPerSecond: result.requests.average,
  total: result.requests.total,
  ok2xx: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  durationS: result.duration,
  cpuMs: (cpu.user + cpu.system) / 1000,
})}\n`);
process.exit(0);
