// The 218-recipe Mealie backup (../shared/fixtures/exports/mealie-backup.zip) imported with
// format=auto: every recipe, every line (2,708), groups from the lines' headings, method, tags and
// the unknown fields kept in a note. Skipped with one line without ../shared.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';
import { exportFile, exportsSkip, importFile } from '../helpers/export-fixtures.js';

test('the 218-recipe Mealie backup: every recipe with its lines, groups, method, tags and notes', { skip: exportsSkip() }, async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const job = await importFile(app, user, exportFile('mealie-backup.zip'), 'auto');
  assert.equal(job.format, 'mealie');
  assert.equal(job.status, 'done');
  assert.equal(job.imported.length, 218);
  assert.deepEqual(job.skipped, []);
  const first = (await app.inject({ url: `/recipes/${job.imported[0]}`, headers: user.auth })).json();
  assert.equal(first.title, 'hlqyfzzdcr');
  assert.deepEqual(
    first.ingredient_lines.map((l: { input: string }) => l.input),
    ['8 ymdrjccwtl nlpnsxkcqi obqogbjnmm'],
  );
  assert.deepEqual(first.tags, ['derpqxsvjo', 'gipgfasbfd', 'pvljctfwln']);
  assert.equal(first.time_minutes, null, 'its times are not durations');
  assert.match(first.instructions, /^zpnpordujs:\nbkampmasog/);
  assert.match(first.instructions, /Notes:\nDescription: klbbdjjpqm/, 'unknown fields are kept in a note');
  // Every row of recipes_ingredients is a line; a `title` on one starts a group.
  const all = await Promise.all(job.imported.map(async (id) => (await app.inject({ url: `/recipes/${id}`, headers: user.auth })).json()));
  assert.equal(
    all.reduce((n, r) => n + r.ingredient_lines.length, 0),
    2708,
  );
  const grouped = all.find((r) => r.ingredient_lines.some((l: { group: string | null }) => l.group === 'bijyxbakkj'));
  assert.ok(grouped, 'the heading of a Mealie line is its group');
});
