#!/usr/bin/env node
// The first search of each of READMIX's 55 ingredients against a running service (each builds
// that term's search summary), with GET /health polled every 5 ms meanwhile: how long the first
// searches take, and whether the process goes on answering while they run. Only the given base
// URL (127.0.0.1) is contacted.
//   node bench/first-searches.mjs http://127.0.0.1:3000
import { COMMON_INGREDIENTS } from './common-ingredients.mjs';
const base = process.argv[2];
if (!base || !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(base)) {
  console.error('usage: node bench/first-searches.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
const user = { username: `fs_${Date.now().toString(36)}`, password: 'first-search-123' };
for (let i = 0; ; i++) {
  try {
    await fetch(`${base}/health`);
    break;
  } catch {
    if (i > 120) throw new Error('service did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
}
await fetch(`${base}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
const { access_token: token } = await (
  await fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) })
).json();
let stop = false;
const health = [];
const poll = (async () => {
  while (!stop) {
    const t = performance.now();
    await (await fetch(`${base}/health`)).arrayBuffer();
    health.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 5));
  }
})();
const searches = [];
const t0 = performance.now();
for (const w of COMMON_INGREDIENTS) {
  const t = performance.now();
  await (
    await fetch(`${base}/recipes?ingredient=${encodeURIComponent(w)}&limit=20`, { headers: { authorization: `Bearer ${token}` } })
  ).arrayBuffer();
  searches.push(performance.now() - t);
}
stop = true;
await poll;
const q = (xs, p) => {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor(p * v.length))];
};
console.log(
  `first searches: ${((performance.now() - t0) / 1000).toFixed(1)} s, slowest ${Math.max(...searches).toFixed(0)} ms (the very first ${searches[0].toFixed(0)} ms, the slowest of the others ${Math.max(...searches.slice(1)).toFixed(0)} ms); /health meanwhile: ${health.length} requests, p50 ${q(health, 0.5).toFixed(1)} ms, p99 ${q(health, 0.99).toFixed(1)} ms, max ${Math.max(...health).toFixed(0)} ms`,
);
