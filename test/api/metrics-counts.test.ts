// http_requests_total is tallied per label set and handed to prom-client when the metrics are
// read: every read must show the exact count, never twice, never lost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp } from '../helpers/build.js';

test('request counts are exact across several reads of the metrics', async (t) => {
  const { app } = await buildTestApp(t);
  const count = async () => {
    const body = await app.metrics.render().then((r) => r.body);
    const m = /^http_requests_total\{method="GET",route="\/protected",status_code="401"\} (\d+)$/m.exec(body);
    const h = /^http_request_duration_seconds_count\{method="GET",route="\/protected",status_code="401"\} (\d+)$/m.exec(body);
    return [Number(m?.[1] ?? 0), Number(h?.[1] ?? 0)];
  };
  for (let i = 0; i < 3; i++) assert.equal((await app.inject({ method: 'GET', url: '/protected' })).statusCode, 401);
  assert.deepEqual(await count(), [3, 3]);
  assert.deepEqual(await count(), [3, 3], 'a second read adds nothing');
  await app.inject({ method: 'GET', url: '/protected' });
  assert.deepEqual(await count(), [4, 4]);
});
