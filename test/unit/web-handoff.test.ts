// The import window's check of a page handed over by the bookmarklet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkHandoff } from '../../web/src/handoff.js';

const nonce = 'abcdefghijklmnopqrstuvwxyz012345';
const origin = 'http://127.0.0.1:8080';
const good = { type: 'gourmet-import', html: '<h1>Tart</h1>', url: `${origin}/tart.html`, nonce };

test('hand-off: the page from the window the click opened, with its own origin, is taken', () => {
  assert.deepEqual(checkHandoff(good, origin, nonce), { ok: true, page: { html: good.html, url: good.url, origin } });
});

test('hand-off: a wrong or missing nonce, another origin claimed, an opaque sender or a malformed message is refused', () => {
  const refused: [unknown, string, string][] = [
    [{ ...good, nonce: 'x'.repeat(32) }, origin, nonce],
    [{ ...good, nonce: undefined }, origin, nonce],
    [good, origin, ''], // the window's own address had no nonce
    [{ ...good, nonce: 'short' }, origin, 'short'],
    [{ ...good, url: 'https://recipes.example/tart.html' }, origin, nonce],
    [{ ...good, url: 'http://127.0.0.1:8081/tart.html' }, origin, nonce],
    [{ ...good, url: 'javascript:alert(1)' }, origin, nonce],
    [{ ...good, url: 'not a url' }, origin, nonce],
    [{ ...good, url: 'http://127.0.0.1/tart.html' }, 'null', nonce],
    [{ ...good, html: 42 }, origin, nonce],
    [{ ...good, type: 'other' }, origin, nonce],
    ['gourmet-import', origin, nonce],
    [null, origin, nonce],
  ];
  for (const [data, from, n] of refused) assert.equal(checkHandoff(data, from, n).ok, false, JSON.stringify([data, from, n]));
});
