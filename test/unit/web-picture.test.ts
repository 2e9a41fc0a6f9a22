// The web app's picture helpers: the srcset of a stored picture, the words for a refused upload
// (413, 415, 422 in en and pt-BR, marked on the picture field), and the checks of a chosen file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiProblem, toProblem } from '../../web/src/api/problem.ts';
import { setLanguage, tm } from '../../web/src/i18n/index.ts';
import { PICTURE_MAX_BYTES, checkPictureFile, pictureProblem, srcsetOf } from '../../web/src/picture.ts';

const hash = (c: string) => c.repeat(64);
const image = {
  url: `/images/${hash('c')}.webp`,
  width: 1280,
  height: 853,
  variants: [
    { url: `/images/${hash('a')}.webp`, width: 320, height: 213, type: 'image/webp' as const },
    { url: `/images/${hash('b')}.webp`, width: 640, height: 427, type: 'image/webp' as const },
    { url: `/images/${hash('c')}.webp`, width: 1280, height: 853, type: 'image/webp' as const },
  ],
};

test('srcset lists every variant with its width', () => {
  assert.equal(srcsetOf(image), `/images/${hash('a')}.webp 320w, /images/${hash('b')}.webp 640w, /images/${hash('c')}.webp 1280w`);
});

test('413, 415 and 422 from an upload say what to do with the picture, in both languages', async () => {
  const headers = new Headers();
  const said: Record<string, string[]> = {};
  for (const lang of ['en', 'pt-BR'] as const) {
    await setLanguage(lang);
    said[lang] = [];
    for (const [status, code] of [
      [413, 'PAYLOAD_TOO_LARGE'],
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
      [422, 'UNPROCESSABLE'],
    ] as const) {
      const p = pictureProblem(toProblem({ status, headers }, { error: 'The picture is larger than 10485760 bytes', code }));
      assert.equal(p.status, status);
      assert.ok(p.fields.image, 'marked on the picture field');
      const text = tm(p.msg);
      assert.equal(tm(p.fields.image!), text);
      assert.doesNotMatch(text, /bytes|10485760|PAYLOAD|UNSUPPORTED|UNPROCESSABLE|picture\./, text);
      said[lang]!.push(text);
    }
  }
  assert.match(said.en![0]!, /10 MB/);
  assert.match(said.en![1]!, /JPEG, PNG, WebP, AVIF or GIF/);
  assert.match(said['pt-BR']![0]!, /até 10 MB/);
  assert.notDeepEqual(said.en, said['pt-BR']);
  await setLanguage('en');
});

test('other failures of an upload keep their own words', () => {
  const p = new ApiProblem(403, { key: 'error.forbidden' });
  assert.equal(pictureProblem(p), p);
});

test('a chosen file is checked for what the API would certainly refuse', () => {
  assert.equal(checkPictureFile({ size: 2_000_000, type: 'image/jpeg' }), null);
  assert.equal(checkPictureFile({ size: 2_000_000, type: '' }), null, 'no type: the API reads the bytes');
  assert.equal(checkPictureFile({ size: PICTURE_MAX_BYTES + 1, type: 'image/jpeg' })?.status, 413);
  assert.equal(checkPictureFile({ size: 100, type: 'image/svg+xml' })?.status, 415);
  assert.equal(checkPictureFile({ size: 100, type: 'image/heic' })?.status, 415);
  assert.equal(checkPictureFile({ size: 0, type: 'image/png' })?.status, 422);
});
