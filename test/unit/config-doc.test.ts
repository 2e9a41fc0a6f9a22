// docs/configuration.md cannot drift from the configuration: it is generated from src/config.ts
// (the variables it reads, the bounds it checks) and src/config.schema.ts (defaults, meanings).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { CONFIG_DOC, parseConfigSource, renderConfigDoc } from '../../scripts/config-doc.js';
import { CONFIG_VARIABLES } from '../../src/config.schema.js';
import { loadConfig } from '../../src/config.js';

test('every variable config.ts reads is described, and nothing else is', () => {
  const read = [...parseConfigSource().keys()].sort();
  assert.ok(read.length > 40, `config.ts reads ${read.length} variables`);
  assert.deepEqual(
    read.filter((n) => !(n in CONFIG_VARIABLES)),
    [],
    'read by config.ts but missing from CONFIG_VARIABLES (src/config.schema.ts)',
  );
  assert.deepEqual(
    Object.keys(CONFIG_VARIABLES).filter((n) => !read.includes(n)),
    [],
    'in CONFIG_VARIABLES but never read by config.ts',
  );
});

test('the documented defaults are the ones config.ts applies', () => {
  const parsed = parseConfigSource();
  let checked = 0;
  for (const [name, p] of parsed) {
    if (p.kind !== 'int' || p.defaultValue === undefined) continue;
    assert.equal(CONFIG_VARIABLES[name]!.default, String(p.defaultValue), `${name}: config.ts defaults to ${p.defaultText}`);
    checked++;
  }
  assert.ok(checked > 30, `${checked} numeric defaults compared`);
  // And what the parser really does with an empty environment, for the ones that are not numbers.
  const config = loadConfig({ JWT_SECRET: 'x'.repeat(32) });
  assert.equal(CONFIG_VARIABLES.HOST!.default, config.host);
  assert.equal(CONFIG_VARIABLES.DATABASE_URL!.default, config.databaseUrl);
  assert.equal(CONFIG_VARIABLES.LOG_LEVEL!.default, config.logLevel);
  assert.equal(CONFIG_VARIABLES.JWT_ISSUER!.default, config.jwtIssuer);
  assert.equal(CONFIG_VARIABLES.JWT_AUDIENCE!.default, config.jwtAudience);
  assert.equal(CONFIG_VARIABLES.REDIS_KEY_PREFIX!.default, config.redisKeyPrefix);
  assert.equal(CONFIG_VARIABLES.NODE_ENV!.default, config.env);
});

test('docs/configuration.md is what `npm run docs:config` writes', () => {
  const committed = fs.readFileSync(CONFIG_DOC, 'utf8');
  assert.ok(committed === renderConfigDoc(), 'docs/configuration.md is out of date: run `npm run docs:config` and commit the result');
  for (const name of Object.keys(CONFIG_VARIABLES)) assert.ok(committed.includes(`| \`${name}\` |`), `${name} has a row`);
});
