// The OpenAPI document is a product: valid, complete, named, with examples that validate, held
// to by every response (test/helpers/contract.ts), lint-clean, and in step with the committed client.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { ERROR_CODES } from '../../src/errors.js';
import { makeAjv } from '../../src/plugins/validation.js';
import swaggerPlugin from '../../src/plugins/swagger.js';
import { ErrorResponse } from '../../src/schemas/common.js';
import { CLIENT_DIR, generatedClientFiles } from '../../scripts/client-generate.js';
import { lintAppDocument } from '../../scripts/lint-openapi.js';
import { ajvInstancesMade } from '../../src/plugins/validation.js';
import { buildTestApp } from '../helpers/build.js';
import { holdToContract } from '../helpers/contract.js';

type Op = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, unknown>[];
  parameters?: { name: string; in: string; required?: boolean; schema: { default?: unknown }; example?: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<
    string,
    { description?: string; headers?: Record<string, { schema: unknown }>; content?: Record<string, { schema: { $ref?: string } }> }
  >;
};
type Doc = {
  openapi: string;
  info: Record<string, unknown>;
  servers?: unknown[];
  paths: Record<string, Record<string, Op>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
};

async function documentOf(t: Parameters<typeof buildTestApp>[0]): Promise<Doc> {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  return res.json();
}
const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([m, op]) => ({ path: p, method: m, op, name: `${m.toUpperCase()} ${p}` })),
  );

test('the OpenAPI document is valid OpenAPI 3 and lists every route', async (t) => {
  const { app } = await buildTestApp(t);
  const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as Doc;
  const result = await new Validator().validate(spec as unknown as Parameters<Validator['validate']>[0]);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
  assert.match(spec.openapi, /^3\./);
  const documented = new Set(operations(spec).map((o) => o.name));
  for (const expected of [
    'POST /register',
    'POST /login',
    'POST /refresh',
    'POST /logout',
    'GET /me',
    'GET /protected',
    'GET /health',
    'GET /',
    'POST /recipes',
    'GET /recipes',
    'GET /recipes/{id}',
    'PUT /recipes/{id}',
    'DELETE /recipes/{id}',
    'POST /recipes/import',
  ]) {
    assert.ok(documented.has(expected), `${expected} is documented`);
  }
  for (const entry of documented) {
    const [method, p] = entry.split(' ') as ['GET', string];
    assert.ok(app.hasRoute({ method, url: p.replace(/\{(\w+)\}/g, ':$1') }), `${entry} is served`);
  }
  const legacy = await app.inject({ method: 'GET', url: '/apispec_1.json' });
  assert.deepEqual(legacy.json(), spec);
});

test('every operation has a stable operationId, summary, description, tags, security and described responses', async (t) => {
  const doc = await documentOf(t);
  const ids = new Map<string, string>();
  for (const { name, op } of operations(doc)) {
    assert.match(op.operationId ?? '', /^[a-z][A-Za-z0-9]+$/, `${name} has a camelCase operationId`);
    assert.ok(!ids.has(op.operationId!), `${name}: operationId ${op.operationId} is also used by ${ids.get(op.operationId!)}`);
    ids.set(op.operationId!, name);
    assert.ok(op.summary && op.description, `${name} has a summary and a description`);
    assert.ok(op.tags?.length, `${name} has a tag`);
    assert.ok(Array.isArray(op.security), `${name} declares its security ([] when public)`);
    const codes = Object.keys(op.responses);
    // A route that is a browser navigation (the single sign-on redirects) succeeds with its 302.
    assert.ok(
      codes.some((c) => c.startsWith('2') || c === '302'),
      `${name} declares a success response`,
    );
    for (const code of ['429', '500', '503']) assert.ok(codes.includes(code), `${name} declares ${code}`);
    if (op.security!.some((s) => Object.keys(s).length > 0)) {
      assert.ok(
        op.security!.some((s) => 'BearerAuth' in s || 'AdminBearerAuth' in s),
        `${name} uses BearerAuth (or AdminBearerAuth, the same token of an admin)`,
      );
      assert.ok(codes.includes('401'), `${name} declares 401`);
    }
    for (const [code, response] of Object.entries(op.responses)) {
      assert.ok(response.description, `${name} ${code} has a description`);
      if (Number(code) >= 400) {
        const ref = response.content?.['application/json']?.schema.$ref;
        assert.ok(ref?.startsWith('#/components/schemas/'), `${name} ${code} answers a named error schema`);
      }
    }
    assert.ok(
      op.responses['429']!.headers?.['Retry-After'] && op.responses['429']!.headers['RateLimit-Limit'],
      `${name} 429 has Retry-After and RateLimit headers`,
    );
    assert.ok(op.responses['503']!.headers?.['Retry-After'], `${name} 503 has Retry-After`);
    for (const p of op.parameters ?? []) {
      if (p.schema.default !== undefined) assert.notEqual(p.required, true, `${name}: ${p.in} ${p.name} has a default, so it is optional`);
    }
  }
  const expected: Record<string, string> = {
    listRecipes: 'GET /recipes',
    createRecipe: 'POST /recipes',
    getRecipe: 'GET /recipes/{id}',
    updateRecipe: 'PUT /recipes/{id}',
    deleteRecipe: 'DELETE /recipes/{id}',
    importRecipe: 'POST /recipes/import',
    login: 'POST /login',
    register: 'POST /register',
    refreshToken: 'POST /refresh',
    logout: 'POST /logout',
    getMe: 'GET /me',
    changePassword: 'PUT /me/password',
    getProtected: 'GET /protected',
    getJwks: 'GET /.well-known/jwks.json',
    getHealth: 'GET /health',
    getMetrics: 'GET /metrics',
    getIndex: 'GET /',
    scrapeTitle: 'GET /scrape/title',
    scrapeContent: 'GET /scrape/content',
    scrapeRecipe: 'GET /scrape/recipe',
  };
  for (const [id, route] of Object.entries(expected)) assert.equal(ids.get(id), route, `operationId ${id}`);
  assert.ok(doc.servers?.length, 'servers');
  assert.ok(doc.info.license && doc.info.contact, 'licence and contact');
});

test('shared schemas are named components; error codes are the catalogue', async (t) => {
  const doc = await documentOf(t);
  const schemas = doc.components.schemas;
  for (const name of [
    'Recipe',
    'RecipeCreate',
    'RecipeUpdate',
    'RecipeSource',
    'Error',
    'ValidationError',
    'ValidationIssue',
    'TokenPair',
    'Credentials',
    'User',
  ]) {
    assert.ok(schemas[name], `components.schemas.${name}`);
  }
  assert.deepEqual((schemas.Error!.properties as { code: { enum: string[] } }).code.enum, [...ERROR_CODES]);
  assert.deepEqual(Object.keys(schemas.ValidationIssue!.properties as object).sort(), ['message', 'path']);
  const text = JSON.stringify(doc.paths);
  assert.ok(!text.includes('"error":{"type":"string"'), 'the error object is referenced, not inlined');
  assert.equal(
    text.split('#/components/schemas/Recipe"').length - 1,
    6,
    'Recipe is referenced by create, import, list, get, update and the picture upload',
  );
  const bodies = Object.fromEntries(operations(doc).map(({ op, name }) => [name, op.requestBody?.content['application/json']?.schema]));
  assert.deepEqual(bodies['POST /recipes'], { $ref: '#/components/schemas/RecipeCreate' });
  assert.deepEqual(bodies['PUT /recipes/{id}'], { $ref: '#/components/schemas/RecipeUpdate' });
  assert.deepEqual(bodies['POST /login'], { $ref: '#/components/schemas/Credentials' });
});

test('every example in the document validates against its schema', async (t) => {
  const doc = await documentOf(t);
  const ajv = makeAjv({ coerceTypes: false, useDefaults: false, allErrors: true });
  ajv.addSchema({ ...doc, $id: 'doc' } as object);
  let checked = 0;
  const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  const checkAt = (pointer: string, example: unknown) => {
    const validate = ajv.compile({ $ref: `doc#${pointer}` });
    assert.ok(validate(example), `example at ${pointer} is invalid: ${ajv.errorsText(validate.errors)} (${JSON.stringify(example)})`);
    checked += 1;
  };
  // Schemas carrying an `example` (components, bodies, parameters, headers), wherever they are.
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${pointer}/${i}`));
    if (typeof node !== 'object' || node === null) return;
    const obj = node as Record<string, unknown>;
    const isSchema = typeof obj.type === 'string' || obj.$ref || obj.properties || obj.anyOf;
    if ('example' in obj && isSchema && !pointer.endsWith('/parameters')) checkAt(pointer, obj.example);
    for (const [k, v] of Object.entries(obj))
      if (k !== 'example' && k !== 'examples' && k !== 'default' && k !== 'enum') walk(v, `${pointer}/${esc(k)}`);
  };
  walk(doc.components.schemas, '/components/schemas');
  walk(doc.paths, '/paths');
  // Parameters keep their example beside the schema.
  for (const { path: p, method, op } of operations(doc)) {
    (op.parameters ?? []).forEach((param, i) => {
      if ('example' in param) checkAt(`/paths/${esc(p)}/${method}/parameters/${i}/schema`, param.example);
    });
  }
  assert.ok(checked > 40, `checked ${checked} examples`);
  // Try-it-out's first click sends the RecipeCreate example: it must be accepted as it is.
  const example = doc.components.schemas.RecipeCreate!.example;
  assert.ok(example, 'RecipeCreate has an example');
});

test('every route schema compiles (validators and serializers are compiled on first use in the server)', async (t) => {
  const { app } = await buildTestApp(t);
  assert.ok(app.schemaCompilation.pendingCount > 50, `expected the routes' schemas pending, got ${app.schemaCompilation.pendingCount}`);
  const before = ajvInstancesMade();
  app.schemaCompilation.compileAll();
  assert.equal(app.schemaCompilation.pendingCount, 0);
  // The routes that read raw bodies (pictures, imports) wrap the app's compiler: one pair of Ajv
  // instances for every route, not a pair of their own each.
  assert.equal(ajvInstancesMade() - before, 2);
});

test('the contract hook fails a response the document does not declare', async () => {
  const app = Fastify({ logger: false });
  await app.register(swaggerPlugin);
  app.get(
    '/teapot',
    { schema: { operationId: 'getTeapot', tags: ['meta'], summary: 's', description: 'd', response: { 200: ErrorResponse } } },
    async (request, reply) => {
      const q = request.query as { status?: string };
      if (q.status) return reply.status(Number(q.status) as 200).send({ error: 'short and stout', code: 'BAD_REQUEST' });
      return { error: 'fine', code: 'BAD_REQUEST' as const };
    },
  );
  // The serializer does not check maxLength; the contract hook does.
  app.get(
    '/plain',
    {
      schema: {
        operationId: 'getPlain',
        tags: ['meta'],
        summary: 's',
        description: 'd',
        response: { 200: Type.Object({ s: Type.String({ maxLength: 3 }) }) },
      },
    },
    async (request) => ({ s: (request.query as { long?: string }).long ? 'too long' : 'ok' }),
  );
  const violations = holdToContract(app);
  await app.ready();
  assert.equal((await app.inject('/teapot')).statusCode, 200);
  assert.equal((await app.inject('/plain')).statusCode, 200);
  assert.equal(violations.length, 0, `declared responses pass: ${JSON.stringify(violations)}`);
  await app.inject('/teapot?status=418');
  await app.inject('/plain?long=1');
  await app.inject('/nowhere');
  assert.equal(violations.length, 3, JSON.stringify(violations));
  assert.match(violations[0]!.problem, /status 418 is not declared/);
  assert.match(violations[1]!.problem, /does not match the declared schema: \/s must NOT have more than 3 characters/);
  assert.match(violations[2]!.problem, /does not match the declared schema/, 'an unknown URL must answer the standard error shape');
  await app.close();
});

test('the committed client is generated from the current document (npm run client:generate)', async () => {
  const files = await generatedClientFiles();
  for (const [name, text] of Object.entries(files)) {
    const committed = fs.readFileSync(path.join(CLIENT_DIR, name), 'utf8');
    assert.ok(committed === text, `clients/typescript/${name} is out of date: run npm run client:generate and commit the result`);
  }
});

test('Redocly recommended and spectral:oas find nothing; the OWASP ruleset finds no errors', { timeout: 180_000 }, async () => {
  const report = await lintAppDocument();
  assert.deepEqual(
    { errors: report.redocly.errors, warnings: report.redocly.warnings },
    { errors: 0, warnings: 0 },
    report.redocly.problems.join('\n'),
  );
  assert.deepEqual(
    { errors: report.spectralOas.errors, warnings: report.spectralOas.warnings },
    { errors: 0, warnings: 0 },
    report.spectralOas.problems.join('\n'),
  );
  assert.equal(report.spectralOwasp.errors, 0, report.spectralOwasp.problems.filter((p) => p.startsWith('error')).join('\n'));
});

test('the Swagger UI page is served at /apidocs', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: 'GET', url: '/apidocs/' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /swagger-ui/i);
});
