// The archive guard on zips made here: a bomb, names that escape (../, backslash, absolute, drive
// letter, NUL), a symbolic link, 20,000 entries and a nested chain are refused with their code;
// one level of nesting and a plain archive are read, in memory only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArchiveRefused, readArchive, type ArchiveLimits } from '../../src/modules/moving/archive-guard.js';
import { makeZip, renameEntry } from '../helpers/zips.js';

const LIMITS: ArchiveLimits = { maxEntries: 10_000, maxExpandedBytes: 64 * 1024 * 1024, maxRatio: 100 };

async function refusedWith(bytes: Buffer, code: string, limits = LIMITS) {
  await assert.rejects(readArchive(bytes, limits), (err: unknown) => {
    assert.ok(err instanceof ArchiveRefused, String(err));
    assert.equal(err.code, code, err.message);
    return true;
  });
}

test('a zip bomb (20 MB of zeros in a few KB) is refused for its ratio', async () => {
  const bomb = await makeZip([{ name: 'recipe.json', data: Buffer.alloc(20_000_000) }]);
  assert.ok(bomb.length < 100_000);
  await refusedWith(bomb, 'ARCHIVE_RATIO');
});

test('an archive expanding past the byte limit is refused while inflating, whatever its ratio', async () => {
  const random = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251));
  const zip = await makeZip([1, 2, 3, 4].map((n) => ({ name: `part${n}.bin`, data: random, store: true })));
  await refusedWith(zip, 'ARCHIVE_TOO_LARGE', { ...LIMITS, maxExpandedBytes: 1_000_000 });
});

test('names that escape the archive are refused: ../, ..\\, absolute, drive letter, NUL', async () => {
  const base = await makeZip([
    { name: 'ok.json', data: '{}' },
    { name: 'xx/evil.txt', data: 'x' },
  ]);
  for (const name of ['../evil.txt', '..\\evil.txt', '/x/evil.txt', 'C:/evil.txt', 'x\0/evil.txt']) {
    await refusedWith(renameEntry(base, 'xx/evil.txt', name), 'ARCHIVE_UNSAFE_NAME');
  }
});

test('a symbolic link is refused', async () => {
  await refusedWith(await makeZip([{ name: 'recipes', data: '/etc/passwd', mode: 0o120777 }]), 'ARCHIVE_SYMLINK');
});

test('20,000 entries are refused from the directory, before any is inflated', async () => {
  const zip = await makeZip(Array.from({ length: 20_000 }, (_, i) => ({ name: `r${i}.json`, data: '', store: true })));
  await refusedWith(zip, 'ARCHIVE_TOO_MANY_ENTRIES');
});

test('one level of nesting is read; a chain of two is refused', async () => {
  const inner = await makeZip([{ name: 'recipe.json', data: '{"a":1}' }]);
  const once = await makeZip([{ name: '1.zip', data: inner }]);
  const entries = await readArchive(once, LIMITS);
  assert.deepEqual(
    entries.map((e) => [e.name, e.nested, e.data.toString()]),
    [['1.zip/recipe.json', true, '{"a":1}']],
  );
  await refusedWith(await makeZip([{ name: 'chain.zip', data: once }]), 'ARCHIVE_NESTED');
});

test('nested archives count toward the entry limit', async () => {
  const inner = await makeZip(Array.from({ length: 6 }, (_, i) => ({ name: `r${i}.json`, data: '{}' })));
  await refusedWith(await makeZip([{ name: 'a.zip', data: inner }]), 'ARCHIVE_TOO_MANY_ENTRIES', { ...LIMITS, maxEntries: 5 });
});

test('a damaged archive is refused as corrupt', async () => {
  const zip = await makeZip([{ name: 'r.json', data: 'x'.repeat(1000) }]);
  await refusedWith(zip.subarray(0, zip.length - 30), 'ARCHIVE_CORRUPT');
});
