// The web app's check of ?next= on the sign-in page: only a path of this app, whatever the encoding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeNext } from '../../web/src/next.js';

const ORIGIN = 'http://127.0.0.1:5000';

test('next: paths of this app are kept as given', () => {
  for (const ok of [
    '/',
    '/import',
    '/recipe/7/edit',
    '/?q=lemon%20tart&tag=baking',
    '/import?via=bookmarklet&nonce=abc_DEF-123',
    '/a/b//c',
    '/a\\b',
    '/%20x',
  ]) {
    assert.equal(safeNext(ok, ORIGIN), ok, ok);
  }
});

test('next: anything that could leave the origin or break navigation goes to /', () => {
  const hostile = [
    null,
    undefined,
    '',
    'evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' /x',
    '//evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '///evil.example',
    // The finding's own value, as URLSearchParams hands it over (decoded once), and still encoded.
    new URLSearchParams('next=%2F%5Cevil.example').get('next'),
    '%2F%5Cevil.example',
    '/%5Cevil.example',
    '/%2Fevil.example',
    '/%2f%2fevil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\\evil.example',
    '/x\u0000y',
    '/x\u007fy',
    '/x\u0085y',
    '/%09/evil.example',
    '/%0a',
    '/%E0%A4%A', // not decodable
  ];
  for (const bad of hostile) assert.equal(safeNext(bad, ORIGIN), '/', JSON.stringify(bad));
});
