import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildTestApp } from '../helpers/build.js';

test('the OpenAPI document is valid OpenAPI 3 and lists every route', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  const spec = res.json();
  const validator = new Validator();
  const result = await validator.validate(spec);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
  assert.match(spec.openapi, /^3\./);

  const documented = new Set<string>();
  for (const [path, ops] of Object.entries<Record<string, unknown>>(spec.paths)) for (const m of Object.keys(ops)) documented.add(`${m.toUpperCase()} ${path}`);
  // The contract's routes are documented, and every documented route is really served.
  for (const expected of ['POST /register', 'POST /login', 'POST /refresh', 'POST /logout', 'GET /me', 'GET /protected', 'GET /health',
    'POST /recipes', 'GET /recipes', 'GET /recipes/{id}', 'PUT /recipes/{id}', 'DELETE /recipes/{id}']) {
    assert.ok(documented.has(expected), `${expected} is documented`);
  }
  for (const entry of documented) {
    const [method, path] = entry.split(' ') as ['GET', string];
    assert.ok(app.hasRoute({ method, url: path.replace(/\{(\w+)\}/g, ':$1') }), `${entry} is served`);
  }

  // Every operation has a summary and declares its error responses; protected ones declare BearerAuth and 401.
  for (const [path, ops] of Object.entries<Record<string, { summary?: string; security?: { BearerAuth?: unknown }[]; responses: Record<string, unknown> }>>(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      assert.ok(op.summary, `${method} ${path} has a summary`);
      const codes = Object.keys(op.responses);
      assert.ok(codes.some((c) => c.startsWith('2')), `${method} ${path} declares a success response`);
      if (op.security?.length) {
        assert.ok(op.security.some((s) => 'BearerAuth' in s || 'MetricsToken' in s), `${method} ${path} uses BearerAuth`);
        assert.ok(codes.includes('401'), `${method} ${path} declares 401`);
      }
    }
  }
  assert.deepEqual(spec.components.securitySchemes.BearerAuth, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access_token from POST /login' });
  const legacy = await app.inject({ method: 'GET', url: '/apispec_1.json' });
  assert.deepEqual(legacy.json(), spec);
});

test('the Swagger UI page is served at /apidocs', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: 'GET', url: '/apidocs/' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /swagger-ui/i);
});
