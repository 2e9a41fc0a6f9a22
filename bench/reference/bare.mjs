#!/usr/bin/env node
// The bare-Node reference, for ratios measured in one run: node:http and
// better-sqlite3 with no framework, no validation beyond what the harness needs, no rate limits,
// no revocation, no metrics; passwords hashed with one SHA-256 (no real hash), tokens HS256 by
// hand, searches a `LIKE` scan (`--search fts` uses an FTS5 trigram index instead). Same
// durability as the service (WAL, synchronous=NORMAL). Serves only what ../shared/tools/bench.mjs
// calls: /health, /register, /login, /protected, GET and POST /recipes.
//   node bench/reference/bare.mjs --db FILE [--seed-from SERVICE.db] [--port 5199] [--workers 2] [--search like|fts]
// `--seed-from` copies the recipes of the service's seeded database, so both answer the same data.
import cluster from 'node:cluster';
import crypto from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const { values: opt } = parseArgs({
  options: {
    db: { type: 'string' },
    'seed-from': { type: 'string', default: '' },
    port: { type: 'string', default: '5199' },
    workers: { type: 'string', default: '2' },
    search: { type: 'string', default: 'like' },
  },
});
if (!opt.db) {
  console.error('--db FILE is required');
  process.exit(2);
}
const SECRET = 'bare-reference-secret';
const fts = opt.search === 'fts';

function open() {
  const db = new Database(opt.db);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

if (cluster.isPrimary) {
  const db = open();
  db.exec(`CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, username TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS recipes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, ingredients TEXT NOT NULL, time_minutes INTEGER NOT NULL,
      instructions TEXT, servings INTEGER, owner_id INTEGER, created_at TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS recipes_created ON recipes(created_at, id);`);
  if (fts) {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS recipes_fts USING fts5(ingredients, content='recipes', content_rowid='id', tokenize='trigram');
      CREATE TRIGGER IF NOT EXISTS recipes_ai AFTER INSERT ON recipes BEGIN INSERT INTO recipes_fts(rowid, ingredients) VALUES (new.id, new.ingredients); END;`);
  }
  if (opt['seed-from'] && db.prepare('SELECT count(*) AS n FROM recipes').get().n === 0) {
    db.prepare('ATTACH DATABASE ? AS src').run(opt['seed-from']);
    db.exec(`INSERT INTO recipes (title, ingredients, time_minutes, instructions, servings, owner_id, created_at)
      SELECT title, ingredients, time_minutes, instructions, servings, owner_id, created_at FROM src.recipes ORDER BY id`);
    db.exec('DETACH DATABASE src');
  }
  db.close();
  for (let i = 0; i < Number(opt.workers); i++) cluster.fork();
  const stop = () => {
    for (const w of Object.values(cluster.workers)) w.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  const db = open();
  const insertUser = db.prepare('INSERT INTO users (username, password_hash) VALUES (?, ?)');
  const userByName = db.prepare('SELECT id, password_hash FROM users WHERE username = ?');
  const insertRecipe = db.prepare(`INSERT INTO recipes (title, ingredients, time_minutes, instructions, servings, owner_id, created_at)
    VALUES (@title, @ingredients, @time_minutes, @instructions, @servings, @owner_id, @created_at) RETURNING *`);
  const where = fts
    ? 'id IN (SELECT rowid FROM recipes_fts WHERE recipes_fts MATCH @match) AND ingredients LIKE @like AND time_minutes <= @max'
    : 'ingredients LIKE @like AND time_minutes <= @max'; // LIKE ignores ASCII case by itself
  const count = db.prepare(`SELECT count(*) AS n FROM recipes WHERE ${where}`);
  const page = db.prepare(`SELECT * FROM recipes WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`);
  const all = db.prepare('SELECT * FROM recipes ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset');
  const countAll = db.prepare('SELECT count(*) AS n FROM recipes');

  const b64 = (s) => Buffer.from(s).toString('base64url');
  const sign = (body) => crypto.createHmac('sha256', SECRET).update(body).digest('base64url');
  const header = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const token = (sub) => {
    const body = `${header}.${b64(JSON.stringify({ sub, exp: Math.floor(Date.now() / 1000) + 900 }))}`;
    return `${body}.${sign(body)}`;
  };
  function user(req) {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!m) return null;
    const [h, p, s] = m[1].split('.');
    if (!s || sign(`${h}.${p}`) !== s) return null;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    return claims.exp > Date.now() / 1000 ? claims.sub : null;
  }
  const send = (res, status, body, headers = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const readJson = (req) =>
    new Promise((resolve) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString()));
        } catch {
          resolve(null);
        }
      });
    });
  const hash = (p) => crypto.createHash('sha256').update(p).digest('hex');

  http
    .createServer(async (req, res) => {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/health') return send(res, 200, { status: 'ok' });
      if (req.method === 'POST' && url.pathname === '/register') {
        const b = await readJson(req);
        if (!b?.username || !b?.password) return send(res, 400, { error: 'bad request' });
        try {
          insertUser.run(b.username, hash(b.password));
        } catch {
          return send(res, 409, { error: 'taken' });
        }
        return send(res, 201, { message: 'registered' });
      }
      if (req.method === 'POST' && url.pathname === '/login') {
        const b = await readJson(req);
        const u = b?.username ? userByName.get(b.username) : undefined;
        if (!u || u.password_hash !== hash(String(b.password))) return send(res, 401, { error: 'bad credentials' });
        return send(res, 200, { access_token: token(u.id) });
      }
      const sub = user(req);
      if (sub === null) return send(res, 401, { error: 'unauthorized' });
      if (url.pathname === '/protected') return send(res, 200, { message: 'ok', user_id: sub });
      if (url.pathname === '/recipes' && req.method === 'GET') {
        const limit = Math.min(Number(url.searchParams.get('limit') ?? 20), 100);
        const offset = Number(url.searchParams.get('offset') ?? 0);
        const ingredient = url.searchParams.get('ingredient');
        if (ingredient === null) return send(res, 200, all.all({ limit, offset }), { 'x-total-count': String(countAll.get().n) });
        const term = ingredient.toLowerCase();
        const params = {
          like: `%${term.replace(/[\\%_]/g, '')}%`,
          max: Number(url.searchParams.get('max_time') ?? 1e9),
          limit,
          offset,
          ...(fts ? { match: `"${term.replace(/"/g, '""')}"` } : {}),
        };
        return send(res, 200, page.all(params), { 'x-total-count': String(count.get(params).n) });
      }
      if (url.pathname === '/recipes' && req.method === 'POST') {
        const b = await readJson(req);
        if (!b?.title || !b?.ingredients || typeof b.time_minutes !== 'number') return send(res, 400, { error: 'bad request' });
        const row = insertRecipe.get({
          title: b.title,
          ingredients: b.ingredients,
          time_minutes: b.time_minutes,
          instructions: b.instructions ?? null,
          servings: b.servings ?? null,
          owner_id: sub,
          created_at: new Date().toISOString(),
        });
        return send(res, 201, row);
      }
      return send(res, 404, { error: 'not found' });
    })
    .listen(Number(opt.port), '127.0.0.1');
}
