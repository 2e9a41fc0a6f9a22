// Concurrency without loss, on whichever database the run uses: the unique index (not the
// pre-check) decides registration races, partial updates never overwrite each other's fields,
// and If-Match lets exactly one of several writers of the same version through.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHEAP_HASHING_ENV, buildTestApp, createRecipe, registerAndLogin } from '../helpers/build.js';

// Cheap hashing: the race is in the database, not in Argon2. The per-address registration
// limit would answer 429 to a burst of 25 from one address; this test is about the race.
const env = { ...CHEAP_HASHING_ENV, RATE_LIMIT_REGISTER_PER_IP: '1000' };

const tally = (codes: number[]) => codes.reduce<Record<number, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});

test('concurrent registrations of one username: exactly one 201, the rest 409, never a 500', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const names = Array.from({ length: 25 }, (_, i) => (i % 3 === 0 ? 'Racer' : i % 3 === 1 ? 'racer' : 'RACER'));
  const responses = await Promise.all(
    names.map((username, i) => app.inject({ method: 'POST', url: '/register', payload: { username, password: `password-${i}` } })),
  );
  assert.deepEqual(tally(responses.map((r) => r.statusCode)), { 201: 1, 409: 24 });
  for (const r of responses.filter((x) => x.statusCode === 409)) assert.equal(r.json().error, 'User already exists');
  const { n } = await app.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(n), 1);
  // The one that won is the one whose password works.
  const winner = responses.findIndex((r) => r.statusCode === 201);
  const login = await app.inject({ method: 'POST', url: '/login', payload: { username: 'racer', password: `password-${winner}` } });
  assert.equal(login.statusCode, 200);
});

test('concurrent PUTs of different fields of one recipe all survive', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const user = await registerAndLogin(app);
  const created = (await createRecipe(app, user)).json();
  const changes = [
    { title: 'Risotto alla milanese' },
    { ingredients: 'carnaroli\nsaffron\nbone marrow' },
    { time_minutes: 42 },
    { instructions: 'Toast, deglaze, ladle.' },
    { servings: 6 },
    { source_url: 'https://example.org/risotto' },
    { image_url: 'https://example.org/risotto.jpg' },
  ];
  const responses = await Promise.all(
    changes.map((payload) => app.inject({ method: 'PUT', url: `/recipes/${created.id}`, headers: user.auth, payload })),
  );
  assert.deepEqual(
    responses.map((r) => r.statusCode),
    changes.map(() => 200),
  );
  const got = await app.inject({ method: 'GET', url: `/recipes/${created.id}`, headers: user.auth });
  const { ingredient_lines: lines, ...fields } = got.json();
  const { ingredient_lines: _before, ...createdFields } = created;
  assert.deepEqual(fields, { ...createdFields, ...(Object.assign({}, ...changes) as object), updated_at: got.json().updated_at });
  // The parsed lines follow the ingredients that won.
  assert.deepEqual(
    lines.map((l: { input: string }) => l.input),
    ['carnaroli', 'saffron', 'bone marrow'],
  );
  // Every write counted: the version went up once per PUT.
  assert.equal(got.headers.etag, `"${created.id}-${1 + changes.length}"`);
});

test('concurrent If-Match writers of the same version: exactly one wins, the rest get 412', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const user = await registerAndLogin(app);
  const created = await createRecipe(app, user);
  const { id } = created.json();
  const etag = created.headers.etag as string;
  const responses = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: { ...user.auth, 'if-match': etag }, payload: { title: `Edit ${i}` } }),
    ),
  );
  assert.deepEqual(tally(responses.map((r) => r.statusCode)), { 200: 1, 412: 9 });
  const winner = responses.find((r) => r.statusCode === 200)!.json();
  const got = await app.inject({ method: 'GET', url: `/recipes/${id}`, headers: user.auth });
  assert.equal(got.json().title, winner.title, 'the stored title is the one the 200 reported');
  assert.equal(got.headers.etag, `"${id}-2"`);

  // A DELETE and a PUT racing on the same version: one of them, never both.
  const fresh = got.headers.etag as string;
  const [del, put] = await Promise.all([
    app.inject({ method: 'DELETE', url: `/recipes/${id}`, headers: { ...user.auth, 'if-match': fresh } }),
    app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: { ...user.auth, 'if-match': fresh }, payload: { servings: 2 } }),
  ]);
  assert.equal([del.statusCode, put.statusCode].filter((c) => c === 204 || c === 200).length, 1, `${del.statusCode} ${put.statusCode}`);
  for (const c of [del.statusCode, put.statusCode]) assert.ok([200, 204, 404, 412].includes(c), String(c));
});
