// The web app's removal of <style> elements and style attributes from a pasted page, before the
// browser parses it: right where the HTML tokenizer says so, and linear in the page's length.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stripStyles } from '../../web/src/strip-styles.js';

test('strip styles: elements and attributes go, everything else stays byte for byte', () => {
  const cases: [string, string][] = [
    ['<p style="color:red" class=x>a</p><style>b{}</style><div STYLE=x id=y>c</div>', '<p  class=x>a</p><div  id=y>c</div>'],
    ["<p class='a' style='b:c'>t</p>", "<p class='a' >t</p>"],
    ['<img src=a.png style = "x" alt=z>', '<img src=a.png  alt=z>'],
    ['<p>a</p><STYLE type="text/css">p>b{}</STYLE ><p>b</p>', '<p>a</p><p>b</p>'],
    ['<p>a</p><style/>x{}</style>b', '<p>a</p>b'],
    // A <style> never closed runs to the end of the page, as in the browser.
    ['<p>a</p><style>b{}<p>c</p>', '<p>a</p>'],
    // "</styles>" does not close it.
    ['<style>a</styles>b</style>c', 'c'],
    // Raw text and comments are not markup: a "<style>" there is text.
    [
      '<script type="application/ld+json">{"a":"<style>x</style>","b":"<p style=1>"}</script>',
      '<script type="application/ld+json">{"a":"<style>x</style>","b":"<p style=1>"}</script>',
    ],
    ['<textarea><style>x</style></textarea><title>a <style> b</title>', '<textarea><style>x</style></textarea><title>a <style> b</title>'],
    ['<!-- <style>x</style> --><p>a</p>', '<!-- <style>x</style> --><p>a</p>'],
    [
      '<!doctype html><html lang="en"><body data-style="keep" styles="keep">a < b</body></html>',
      '<!doctype html><html lang="en"><body data-style="keep" styles="keep">a < b</body></html>',
    ],
    // An end tag's attributes are ignored by the tokenizer; they stay (harmless) as text of the tag.
    ['<p>a</p style="x">', '<p>a</p style="x">'],
    ['', ''],
    ['<', '<'],
    ['<p style="unterminated', '<p '],
  ];
  for (const [input, expected] of cases) assert.equal(stripStyles(input), expected, input);
});

// A regex over the whole page rescans the rest for every unclosed <style>: 40,000 took seconds,
// 200,000 would take minutes. The scanner takes milliseconds; the timeout is only a guard.
test('strip styles: 40,000 and 200,000 <style> elements, closed or not, in one pass', { timeout: 20_000 }, () => {
  for (const n of [40_000, 200_000]) {
    assert.equal(stripStyles(`<h1>Tart</h1>${'<style>'.repeat(n)}`), '<h1>Tart</h1>');
    assert.equal(stripStyles(`<h1>Tart</h1>${'<style>p{}</style><p style="x">i</p>'.repeat(n)}`), `<h1>Tart</h1>${'<p >i</p>'.repeat(n)}`);
    assert.equal(stripStyles(`<p>a</p>${'<p title="'.repeat(n)}`), `<p>a</p>${'<p title="'.repeat(n)}`, 'unclosed quotes');
    const scripts = `${'<script>'.repeat(n)}<style>`;
    assert.equal(stripStyles(scripts), scripts, 'an unclosed script keeps the rest as text');
  }
});
