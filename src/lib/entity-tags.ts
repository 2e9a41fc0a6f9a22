/** Entity tags in conditional request headers (RFC 9110 section 8.8.3 and 13.1.1). */

export interface EntityTag {
  weak: boolean;
  /** The tag as sent, quotes included: `"12-3"`. */
  opaque: string;
}

/**
 * Parses an `If-Match`/`If-None-Match` value: `*`, or a comma-separated list of entity tags
 * (`"x"` or `W/"x"`). Returns `'*'`, the list, or null when the value is malformed. A linear
 * scan rather than a regular expression, so no input can make it slow.
 */
export function parseEntityTagList(value: string): '*' | EntityTag[] | null {
  const text = value.trim();
  if (text === '*') return '*';
  const tags: EntityTag[] = [];
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t';
  let i = 0;
  for (;;) {
    // Empty list elements are allowed (`"a", , "b"`), as the list rule of RFC 9110 5.6.1 says.
    while (i < text.length && (isSpace(text[i]) || text[i] === ',')) i++;
    if (i >= text.length) break;
    let weak = false;
    if (text.startsWith('W/', i)) {
      weak = true;
      i += 2;
    }
    if (text[i] !== '"') return null;
    const end = text.indexOf('"', i + 1);
    if (end < 0) return null;
    const opaque = text.slice(i, end + 1);
    // etagc: visible ASCII except the double quote, or obs-text (RFC 9110 8.8.3)
    for (let k = 1; k < opaque.length - 1; k++) {
      const c = opaque.charCodeAt(k);
      if (c < 0x21 || c === 0x7f) return null;
    }
    tags.push({ weak, opaque });
    i = end + 1;
    while (isSpace(text[i])) i++;
    if (i < text.length && text[i] !== ',') return null; // tags are separated by commas
  }
  return tags.length > 0 ? tags : null;
}

/**
 * Whether an `If-Match` value lets a write to the resource with `currentEtag` (a strong tag)
 * through. If-Match uses the strong comparison: a weak tag never matches, even with the same
 * opaque value. Returns null when the header is malformed.
 */
export function ifMatchAllows(ifMatch: string, currentEtag: string): boolean | null {
  const tags = parseEntityTagList(ifMatch);
  if (tags === null) return null;
  if (tags === '*') return true;
  return tags.some((t) => !t.weak && t.opaque === currentEtag);
}
