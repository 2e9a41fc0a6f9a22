import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PasswordHasher } from '../../src/modules/auth/passwords.js';

const cheap = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

test('hashes are Argon2id with the given parameters and verify only the same password', async () => {
  const hasher = new PasswordHasher(cheap);
  const h = await hasher.hash('Café crème');
  assert.match(h, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
  assert.equal(await hasher.verify(h, 'Café crème'.normalize('NFD')), true);
  assert.equal(await hasher.verify(h, 'café crème'), false);
  assert.equal(await hasher.verify('not-a-hash', 'x'), false);
  assert.equal(hasher.needsRehash(h), false);
  assert.equal(new PasswordHasher({ ...cheap, memoryCost: 2048 }).needsRehash(h), true);
});

test('no more hashes run at once than allowed; the rest wait and all complete', async () => {
  const hasher = new PasswordHasher(cheap, 2);
  const slots = (hasher as unknown as { slots: { active: number } }).slots;
  let peakActive = 0;
  const results = await Promise.all(
    Array.from({ length: 8 }, async (_, i) => {
      const p = hasher.hash(`password-${i}`);
      peakActive = Math.max(peakActive, slots.active);
      return p;
    }),
  );
  assert.equal(results.length, 8);
  assert.equal(new Set(results).size, 8);
  assert.equal(peakActive, 2, 'two hashes at a time');
  assert.equal(slots.active, 0, 'every slot is given back');
});
