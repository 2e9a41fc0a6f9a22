import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeferredCompilation } from '../../src/plugins/deferred-compilation.js';
import { createValidatorCompiler } from '../../src/plugins/validation.js';

test('a deferred function compiles on its first call, once, and passes arguments and errors through', () => {
  const compilation = new DeferredCompilation();
  let compiled = 0;
  const validate = compilation.defer(() => {
    compiled++;
    const fn = (data: unknown, extra?: string) => {
      fn.errors = data === 1 ? null : [{ message: `bad ${extra}` }];
      return data === 1;
    };
    fn.errors = null as unknown;
    return fn;
  });
  assert.equal(compiled, 0);
  assert.equal(compilation.pendingCount, 1);
  assert.equal(validate(2, 'x'), false);
  assert.deepEqual(validate.errors, [{ message: 'bad x' }]);
  assert.equal(validate(1), true);
  assert.equal(validate.errors, null);
  assert.equal(compiled, 1);
  assert.equal(compilation.pendingCount, 0);
});

test('the validator compiler compiles nothing until a route is validated, then validates as Ajv does', () => {
  const compilation = new DeferredCompilation();
  const compiler = createValidatorCompiler(compilation);
  const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
  const query = compiler({ schema, httpPart: 'querystring', method: 'GET', url: '/x' }) as ((d: unknown) => boolean) & { errors?: unknown };
  const body = compiler({ schema, httpPart: 'body', method: 'POST', url: '/x' }) as ((d: unknown) => boolean) & { errors?: unknown };
  assert.equal(compilation.pendingCount, 2);
  const q = { n: '3' };
  assert.equal(query(q), true);
  assert.deepEqual(q, { n: 3 }, 'query strings are coerced');
  assert.equal(body({ n: '3' }), false, 'bodies are not');
  assert.match(JSON.stringify(body.errors), /integer/);
  assert.equal(compilation.pendingCount, 0);
});

test('compileAll compiles what is pending; warm compiles in the background and reports a broken schema', async () => {
  const compilation = new DeferredCompilation();
  const compiler = createValidatorCompiler(compilation);
  compiler({ schema: { type: 'string' }, httpPart: 'body', method: 'POST', url: '/a' });
  compilation.compileAll();
  assert.equal(compilation.pendingCount, 0);

  const broken = compiler({ schema: { type: 'no-such-type' }, httpPart: 'body', method: 'POST', url: '/b' });
  for (let i = 0; i < 50; i++)
    compiler({
      schema: { type: 'object', properties: { [`p${i}`]: { type: 'string' } } },
      httpPart: 'body',
      method: 'POST',
      url: `/c${i}`,
    });
  assert.equal(compilation.pendingCount, 51);
  const errors: unknown[] = [];
  await new Promise<void>((resolve) => {
    compilation.warm((err) => errors.push(err), 1);
    const check = () => (compilation.pendingCount === 0 ? resolve() : setImmediate(check));
    check();
  });
  assert.equal(errors.length, 1);
  assert.throws(
    () => (broken as (d: unknown) => boolean)('x'),
    /no-such-type|unknown type/i,
    'its route fails as it would have at start-up',
  );
});
