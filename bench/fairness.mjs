#!/usr/bin/env node
// Is CPU-heavy work fair between accounts? Starts the service on 127.0.0.1 (a free port) with a
// temporary SQLite file, and measures another user's GET /recipes/1 latency (p50/p99) alone, then
// during a 4-loop and an 8-loop flood from ONE account. Each flood loop cycles through the
// heavy requests: POST /parse/ingredients with 200 awkward lines of 500 characters, a scaled and
// converted view of a 5,000-line recipe (inserted directly into the database, as one stored
// before any line limit could be), and a create of 10,000 characters of ingredients. The flood
// does not wait on 429 (an attacker would not). About 45 s in all. Nothing outside 127.0.0.1 is
// contacted.
//
//   node --import tsx bench/fairness.mjs                 # the service of this checkout
//   node --import tsx bench/fairness.mjs --root DIR      # another checkout's service (to compare)
//   PHASE_SECONDS=8 node --import tsx bench/fairness.mjs # each measured phase's length (default 8)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const rootArg = process.argv.indexOf('--root');
const root = path.resolve(rootArg > 0 ? process.argv[rootArg + 1] : path.join(import.meta.dirname, '..'));
const phaseMs = Number(process.env.PHASE_SECONDS ?? 8) * 1000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairness-'));
const file = path.join(dir, 'db.sqlite');
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;

const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server.ts')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: `sqlite:${file}`,
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'fairness-benchmark-secret-0123456789-abcdefghijkl',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
  },
});
const cleanup = () => {
  server.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanup);

for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/health`)).ok) break;
  } catch {
    /* not up yet */
  }
  if (i > 240) throw new Error('the service did not start');
  await new Promise((r) => setTimeout(r, 250));
}

const json = { 'content-type': 'application/json' };
async function account(name) {
  const user = { username: `${name}_${Date.now().toString(36)}`, password: 'fairness-bench-123' };
  const { id } = await (await fetch(`${base}/register`, { method: 'POST', headers: json, body: JSON.stringify(user) })).json();
  const { access_token: token } = await (
    await fetch(`${base}/login`, { method: 'POST', headers: json, body: JSON.stringify(user) })
  ).json();
  return { headers: { authorization: `Bearer ${token}` }, id };
}
const { headers: victim } = await account('victim');
const { headers: flooder, id: flooderId } = await account('flooder');

// Recipe 1: the victim's ordinary recipe.
const first = await fetch(`${base}/recipes`, {
  method: 'POST',
  headers: { ...victim, ...json },
  body: JSON.stringify({
    title: 'Pancakes',
    ingredients: '2 cups flour\n2 eggs\n1 ½ cups milk\n1 tbsp sugar\n1 pinch salt',
    time_minutes: 20,
    servings: 4,
  }),
});
if (first.status !== 201 || (await first.json()).id !== 1) throw new Error('recipe 1 was not created first');

// The 5,000-line recipe, written straight into the database (with its parse, as a write stores it).
const { createDatabase } = await import(pathToFileURL(path.join(root, 'src/db/database.ts')).href);
const { recipesRepository } = await import(pathToFileURL(path.join(root, 'src/modules/recipes/recipes.repository.ts')).href);
const { parseColumns, parseIngredientsText } = await import(pathToFileURL(path.join(root, 'src/modules/recipes/ingredient-lines.ts')).href);
const LINES = [
  '2 cups flour, sifted',
  '200g/7oz butter, softened',
  '1 ½ tsp salt',
  '2-3 cloves garlic, finely chopped',
  '3 oz (85g) parmesan, grated',
  '1 (14 oz) can tomatoes',
  '½ cup sugar',
  '1 tbsp olive oil',
];
const bigText = Array.from({ length: 5000 }, (_, i) => `${LINES[i % LINES.length]} ${i}`).join('\n');
const db = createDatabase({ url: `sqlite:${file}` });
const now = new Date().toISOString();
const big = await recipesRepository.insert(db.db, {
  title: 'Five thousand lines',
  ingredients: bigText,
  ...parseColumns(parseIngredientsText(bigText)),
  time_minutes: 1,
  instructions: null,
  servings: 4,
  source_url: null,
  image_url: null,
  owner_id: flooderId,
  created_at: now,
  updated_at: now,
  tags: '[]',
});
await db.close();

const awkward = (seed) =>
  Array.from({ length: 200 }, (_, i) =>
    Array.from({ length: 100 }, (_, k) => `${(k * 7 + i + seed) % 97}-${k} g,`)
      .join(' ')
      .slice(0, 500),
  );
const createBody = (seed) =>
  JSON.stringify({
    title: `Big ${seed}`,
    time_minutes: 1,
    ingredients: Array.from({ length: 250 }, (_, i) => `${((i + seed) % 9) + 1} ${LINES[i % LINES.length]} ${seed}`)
      .join('\n')
      .slice(0, 10_000),
  });

const statuses = {};
async function floodLoop(stop, loop) {
  for (let n = 0; !stop(); n++) {
    const seed = loop * 100_000 + n;
    const kind = n % 3;
    const res =
      kind === 0
        ? await fetch(`${base}/parse/ingredients`, {
            method: 'POST',
            headers: { ...flooder, ...json },
            body: JSON.stringify({ ingredients: awkward(seed) }),
          })
        : kind === 1
          ? await fetch(`${base}/recipes/${big.id}?factor=${1 + (seed % 50) / 10}&units=${seed % 2 ? 'metric' : 'us'}`, {
              headers: flooder,
            })
          : await fetch(`${base}/recipes`, { method: 'POST', headers: { ...flooder, ...json }, body: createBody(seed) });
    await res.arrayBuffer();
    const key = `${['parse', 'view', 'create'][kind]} ${res.status}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
}

async function phase(label, loops) {
  let stopped = false;
  for (const k of Object.keys(statuses)) delete statuses[k];
  const flood = Array.from({ length: loops }, (_, i) => floodLoop(() => stopped, i));
  await new Promise((r) => setTimeout(r, loops ? 1000 : 0)); // the flood under way first
  const times = [];
  const end = performance.now() + phaseMs;
  while (performance.now() < end) {
    const t = performance.now();
    const res = await fetch(`${base}/recipes/1`, { headers: victim });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET /recipes/1 answered ${res.status}`);
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
  stopped = true;
  await Promise.all(flood);
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  const flooded = Object.entries(statuses)
    .sort()
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  console.log(
    `${label.padEnd(16)} GET /recipes/1 ×${String(times.length).padStart(4)}  p50 ${q(0.5).padStart(6)} ms  p99 ${q(0.99).padStart(7)} ms  max ${times.at(-1).toFixed(0).padStart(5)} ms${loops ? `  flood: ${flooded}` : ''}`,
  );
}

console.log(
  `fairness of ${root} (${os.availableParallelism()} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})`,
);
await phase('alone', 0);
await phase('4-loop flood', 4);
await phase('8-loop flood', 8);
process.exit(0);
