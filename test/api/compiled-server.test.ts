// `npm start` runs the compiled server (dist/, built by scripts/build-server.mjs), not TypeScript
// through tsx. This starts it as production would, from a copy of dist/ whose node_modules holds
// every package but tsx, so anything that still needed tsx at run time (a worker thread loading a
// .ts entry, a .ts path in the cluster primary) fails here instead of in production; and it
// exercises what must be found beside the compiled modules: both worker threads' entries, the
// ingredient tagger's model, the migrations and the web app.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { parseIngredientLines } from '../../src/modules/ingredients/ingredient-parser.js';

const root = path.resolve(import.meta.dirname, '../..');

let copy: string | undefined;
after(() => {
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

/** dist/ and web/ beside a node_modules of links to every installed package except tsx (made once per file). */
function productionCopy(): string {
  if (copy) return copy;
  execFileSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], { cwd: root, stdio: 'pipe' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compiled-server-'));
  copy = dir;
  fs.cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.symlinkSync(path.join(root, 'web'), path.join(dir, 'web'));
  fs.symlinkSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const name of fs.readdirSync(path.join(root, 'node_modules'))) {
    if (name === 'tsx' || name === '.bin') continue;
    fs.symlinkSync(path.join(root, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
  return dir;
}

function start(
  t: TestContext,
  cwd: string,
  entry: string,
  env: Record<string, string>,
): { child: ChildProcess; output: () => string; base: Promise<string> } {
  // Only the compiled entry: no --import tsx, and none inherited through NODE_OPTIONS.
  const child = spawn(process.execPath, [entry], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '', PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const base = new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}: ${out}`)));
  });
  return { child, output: () => out, base };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

const json = (token?: string) => ({ 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });

test('the compiled server runs without tsx: workers, tagger model, migrations, web app', async (t) => {
  if (process.env.TEST_DATABASE_URL) {
    t.skip('checked in the SQLite pass: the compiled output does not depend on the database');
    return;
  }
  const dir = productionCopy();
  const model = 'modules/ingredients/tagging/ingredient-tagger.model.json.gz';
  assert.deepEqual(
    fs.readFileSync(path.join(dir, 'dist', model)),
    fs.readFileSync(path.join(root, 'src', model)),
    'the tagger model is copied beside its module',
  );
  assert.ok(!fs.existsSync(path.join(dir, 'node_modules', 'tsx')), 'tsx cannot be resolved from the copy');

  const dbFile = path.join(dir, 'data', 'server.db');
  const server = start(t, dir, 'dist/server.js', { DATABASE_URL: `sqlite:${dbFile}` });
  const base = await server.base;
  assert.equal((await fetch(`${base}/health`)).status, 200);

  const page = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<!doctype html>/i, 'the web app is found from dist/');

  const creds = { username: 'compiled', password: 'correct horse battery' };
  assert.equal((await fetch(`${base}/register`, { method: 'POST', headers: json(), body: JSON.stringify(creds) })).status, 201);
  const { access_token: token } = (await (
    await fetch(`${base}/login`, { method: 'POST', headers: json(), body: JSON.stringify(creds) })
  ).json()) as { access_token: string };

  // Extraction runs in the extraction worker pool (extract.worker.js).
  const scraped = await fetch(`${base}/scrape/recipe`, {
    method: 'POST',
    headers: json(token),
    body: JSON.stringify({
      text: 'Tomato salad\nServes 2\n\nIngredients\n4 tomatoes\n2 tbsp olive oil\n\nMethod\nSlice the tomatoes and dress them.',
    }),
  });
  assert.equal(scraped.status, 200, server.output());
  const recipe = (await scraped.json()) as { title: string; servings: number; ingredients: string[] };
  assert.deepEqual([recipe.title, recipe.servings, recipe.ingredients], ['Tomato salad', 2, ['4 tomatoes', '2 tbsp olive oil']]);

  // The tagger: the same parse as the TypeScript module with its model.
  const lines = [
    '2 large garlic cloves, finely chopped',
    '200g/7oz butter, softened',
    '1,5 EL Olivenöl',
    'salt and pepper to taste',
    '3 oz (85g) parmesan, grated',
  ];
  const parsed = await fetch(`${base}/parse/ingredients`, {
    method: 'POST',
    headers: json(token),
    body: JSON.stringify({ ingredients: lines }),
  });
  assert.equal(parsed.status, 200);
  assert.deepEqual(
    ((await parsed.json()) as { ingredients: unknown }).ingredients,
    JSON.parse(JSON.stringify(parseIngredientLines(lines))),
  );

  // A term common enough to be summarised: on a SQLite file its summary is built by the
  // summary worker (summary-build.worker.js), on a connection of its own.
  // Ten at a time: the group commit takes them together, which keeps this file quick on a busy machine.
  for (let i = 0; i < 260; i += 10) {
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, j) =>
        fetch(`${base}/recipes`, {
          method: 'POST',
          headers: json(token),
          body: JSON.stringify({ title: `Risotto ${i + j}`, ingredients: `arborio rice\nsaffron\nparmesan ${i + j}`, time_minutes: 30 }),
        }).then((r) => r.status),
      ),
    );
    assert.deepEqual(statuses, Array(10).fill(201));
  }
  await new Promise((r) => setTimeout(r, 300)); // the search index takes new recipes in batches
  const list = await fetch(`${base}/recipes?ingredient=saffron&limit=5`, { headers: json(token) });
  assert.equal(list.status, 200);
  assert.equal(list.headers.get('x-total-count'), '260');

  assert.equal(await stop(server.child), 0, server.output());
  assert.doesNotMatch(server.output(), /summary failed|worker.*(failed|error)|ERR_MODULE_NOT_FOUND|tsx/i, server.output());
  const db = new Database(dbFile, { readonly: true });
  try {
    // Other terms of these recipes may have been summarised too (summary-watch.ts, as writes make them common).
    const { n } = db
      .prepare(`SELECT count(*) AS n FROM search_postings JOIN search_terms AS t ON t.id = term_id WHERE t.term = 'saffron'`)
      .get() as { n: number };
    assert.equal(n, 260, "the summary worker built the term's postings");
  } finally {
    db.close();
  }
});

test('the compiled cluster primary starts compiled workers', async (t) => {
  if (process.env.TEST_DATABASE_URL) {
    t.skip('checked in the SQLite pass: the compiled output does not depend on the database');
    return;
  }
  const dir = productionCopy();
  const cluster = start(t, dir, 'dist/cluster.js', {
    DATABASE_URL: `sqlite:${path.join(dir, 'data', 'cluster.db')}`,
    WORKERS: '1',
    PORT: '0',
  });
  // The worker logs where it listens, on the port the primary picked for PORT=0.
  const base = await cluster.base;
  assert.equal((await fetch(`${base}/health`)).status, 200, cluster.output());
  assert.equal(await stop(cluster.child), 0, cluster.output());
});
