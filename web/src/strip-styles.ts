/**
 * Removes `<style>` elements and `style` attributes from a page's HTML in one pass over the text,
 * before the browser parses it: any parse (DOMParser, a template, an inert document) checks them
 * against our CSP (style-src 'self') and logs a refusal for each. A regex over the whole page
 * rescans the rest of it for every unclosed `<style>`, which is quadratic (40,000 of them froze a
 * tab for seconds); this scanner moves only forward, so its time is linear in the page's length.
 *
 * It follows the HTML tokenizer where it matters: comments are skipped whole, and the contents of
 * raw-text elements (a script's `"<style>"` string, a textarea's text) are copied untouched. Like
 * the browser, a `<style>` that is never closed runs to the end of the page.
 */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/** Where the raw text of `name` ends: the index of its `</name` end tag, or the page's length. */
function endOfRawText(html: string, from: number, name: string): number {
  const closer = new RegExp(`</${name}(?=[\\t\\n\\f\\r />])`, 'gi');
  closer.lastIndex = from;
  return closer.exec(html)?.index ?? html.length;
}

/** Reads a tag from `<` at `start`: its name, where it ends (after `>`), and the spans of its `style` attributes. */
function readTag(html: string, start: number): { name: string; end: number; drop: [number, number][] } {
  const n = html.length;
  let i = start + 1;
  const closing = html[i] === '/';
  if (closing) i++;
  const nameStart = i;
  while (i < n && !isSpace(html[i]!) && html[i] !== '/' && html[i] !== '>') i++;
  const name = html.slice(nameStart, i).toLowerCase();
  const drop: [number, number][] = [];
  while (i < n) {
    while (i < n && (isSpace(html[i]!) || html[i] === '/')) i++;
    if (i >= n || html[i] === '>') break;
    const attrStart = i;
    // An attribute's name may begin with "=" (the tokenizer keeps it as part of the name).
    i++;
    while (i < n && !isSpace(html[i]!) && html[i] !== '/' && html[i] !== '>' && html[i] !== '=') i++;
    const attrName = html.slice(attrStart, i).toLowerCase();
    let j = i;
    while (j < n && isSpace(html[j]!)) j++;
    if (html[j] === '=') {
      j++;
      while (j < n && isSpace(html[j]!)) j++;
      const q = html[j];
      if (q === '"' || q === "'") {
        const close = html.indexOf(q, j + 1);
        j = close < 0 ? n : close + 1;
      } else {
        while (j < n && !isSpace(html[j]!) && html[j] !== '>') j++;
      }
      i = j;
    }
    if (!closing && attrName === 'style') drop.push([attrStart, i]);
  }
  return { name: closing ? '' : name, end: Math.min(i + 1, n), drop };
}

export function stripStyles(html: string): string {
  const out: string[] = [];
  const n = html.length;
  let copied = 0; // html[copied..i) is still to be copied to out
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0 || lt + 1 >= n) break;
    const next = html[lt + 1]!;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close < 0 ? n : close + 3;
      continue;
    }
    if (!isLetter(next) && !(next === '/' && isLetter(html[lt + 2] ?? ''))) {
      // "<!doctype", "<?xml", a bogus comment or a lone "<": up to the next ">", as the tokenizer does.
      if (next === '!' || next === '?' || next === '/') {
        const close = html.indexOf('>', lt + 2);
        i = close < 0 ? n : close + 1;
      } else {
        i = lt + 1;
      }
      continue;
    }
    const tag = readTag(html, lt);
    if (tag.name === 'style') {
      // The whole element goes: start tag, text and end tag (the end tag's own ">" included).
      out.push(html.slice(copied, lt));
      const close = endOfRawText(html, tag.end, 'style');
      i = close >= n ? n : readTag(html, close).end;
      copied = i;
      continue;
    }
    if (tag.drop.length > 0) {
      out.push(html.slice(copied, tag.drop[0]![0]));
      for (let k = 0; k < tag.drop.length; k++) out.push(html.slice(tag.drop[k]![1], tag.drop[k + 1]?.[0] ?? tag.end));
      copied = tag.end;
    }
    i = RAW_TEXT.has(tag.name) ? endOfRawText(html, tag.end, tag.name) : tag.end;
  }
  out.push(html.slice(copied));
  return out.join('');
}
