// Live lists: GET /lists/{id}/events over real HTTP. A change made through one instance reaches a
// stream on another (two instances on one database and one Redis); Last-Event-ID resumes; a
// browser's single-use ticket; no token, a bad token, another household: refused; the stream
// ends when the session does (logout) and when the list is deleted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHEAP_HASHING_ENV, buildTestApp, instancesOnOneDatabase, registerAndLogin, testClock } from '../helpers/build.js';
import { redisEnv } from '../helpers/redis.js';
import { redisSkipReason } from '../helpers/services.js';
import { openSse } from '../helpers/sse.js';
import { tamperToken } from '../helpers/tokens.js';

const env = { ...CHEAP_HASHING_ENV, RATE_LIMIT_REGISTER_PER_IP: '1000', LIST_EVENTS_HEARTBEAT_SEC: '1' };

test('one list, two instances, one Redis: every change reaches every stream, in order, and resumes', async (t) => {
  const redisSkip = await redisSkipReason();
  if (redisSkip) return t.skip(redisSkip);
  const clock = testClock();
  const instances = await instancesOnOneDatabase(t, { env: { ...env, ...redisEnv(t) }, build: { clock } });
  const A = (await instances.start()).app;
  const B = (await instances.start()).app;
  const urlA = await A.listen({ host: '127.0.0.1', port: 0 });
  const urlB = await B.listen({ host: '127.0.0.1', port: 0 });
  const ana = await registerAndLogin(A);
  const list = (await A.inject({ method: 'POST', url: '/lists', headers: ana.auth, payload: { name: 'Live' } })).json();

  const onA = await openSse(`${urlA}/lists/${list.id}/events`, ana.auth);
  const onB = await openSse(`${urlB}/lists/${list.id}/events`, ana.auth);
  assert.equal(onA.status, 200);
  t.after(() => (onA.close(), onB.close()));

  const lines = ['2 onions', '1 onion', 'milk'];
  for (const text of lines) await B.inject({ method: 'POST', url: `/lists/${list.id}/items`, headers: ana.auth, payload: { text } });
  const seen: string[][] = [[], []];
  const ids: string[] = [];
  for (const [i, stream] of [onA, onB].entries())
    for (let n = 0; n < 3; n++) {
      const e = await stream.next();
      assert.equal(e.event, 'items');
      seen[i]!.push(JSON.parse(e.data).items[0].text);
      if (i === 0) ids.push(e.id!);
    }
  assert.deepEqual(seen[0], ['2 onions', '3 onions', 'milk'], 'made on B, seen on A, in order');
  assert.deepEqual(seen[1], seen[0]);

  // Resume on A from the first event: the two after it come again, then what is new.
  const resumed = await openSse(`${urlA}/lists/${list.id}/events`, { ...ana.auth, 'last-event-id': ids[0]! });
  t.after(() => resumed.close());
  assert.deepEqual([(await resumed.next()).id, (await resumed.next()).id], ids.slice(1));
  const item = (await A.inject({ url: `/lists/${list.id}`, headers: ana.auth })).json().items[1];
  await B.inject({ method: 'PATCH', url: `/lists/${list.id}/items/${item.id}`, headers: ana.auth, payload: { checked: true } });
  assert.equal(JSON.parse((await resumed.next()).data).items[0].checked, true);
  assert.ok(onA.comments() >= 0);

  // Deleting the list ends its streams everywhere.
  await B.inject({ method: 'DELETE', url: `/lists/${list.id}`, headers: ana.auth });
  assert.equal((await onA.next((e) => e.event === 'deleted')).event, 'deleted');
  await onA.ended;
  await onB.ended;
});

test('events are refused without a session, with a bad token or ticket, and to another household; they end at logout', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const ana = await registerAndLogin(app);
  const eve = await registerAndLogin(app);
  const list = (await app.inject({ method: 'POST', url: '/lists', headers: ana.auth, payload: { name: 'Mine' } })).json();
  const path = `/lists/${list.id}/events`;

  assert.equal((await fetch(url + path)).status, 401);
  assert.equal(
    (await fetch(url + path, { headers: { authorization: `Bearer ${tamperToken(ana.token, { sub: String(eve.id) })}` } })).status,
    401,
  );
  assert.equal((await fetch(url + path, { headers: eve.auth })).status, 404, 'another household’s list');
  assert.equal((await fetch(`${url}${path}?ticket=${'A'.repeat(32)}`)).status, 401);

  // A ticket works once, only for its list, and carries the session.
  const ticket = (await app.inject({ method: 'POST', url: `${path}/ticket`, headers: ana.auth })).json();
  assert.equal(ticket.expires_in, 60);
  const stored = await app.db.selectFrom('list_event_tickets').selectAll().execute();
  assert.ok(!JSON.stringify(stored).includes(ticket.ticket), 'kept hashed');
  const byTicket = await openSse(`${url}${path}?ticket=${ticket.ticket}`);
  t.after(() => byTicket.close());
  assert.equal(byTicket.status, 200);
  // The stream is written raw, past the usual reply: it still carries every security header an API answer does.
  const usual = await fetch(`${url}/lists/${list.id}`, { headers: ana.auth });
  const security = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'strict-transport-security'];
  for (const name of security) {
    assert.ok(usual.headers.get(name), `an API answer has ${name}`);
    assert.equal(byTicket.headers.get(name), usual.headers.get(name), name);
  }
  assert.equal(byTicket.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  assert.equal(byTicket.headers.get('cache-control'), 'no-store');
  assert.equal((await fetch(`${url}${path}?ticket=${ticket.ticket}`)).status, 401, 'spent');
  await app.inject({ method: 'POST', url: `/lists/${list.id}/items`, headers: ana.auth, payload: { text: 'bread' } });
  assert.equal(JSON.parse((await byTicket.next()).data).items[0].text, 'bread');

  // Logging out ends the session's streams at the next heartbeat.
  const stream = await openSse(url + path, ana.auth);
  await app.inject({ method: 'POST', url: '/logout', headers: ana.auth });
  const end = await stream.next((e) => e.event === 'end');
  assert.deepEqual(JSON.parse(end.data), { reason: 'session' });
  await stream.ended;
  assert.equal((await byTicket.next((e) => e.event === 'end')).event, 'end', 'the ticket’s stream belonged to the same session');
});
