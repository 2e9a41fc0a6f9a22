/**
 * Which characters stored text may hold, one definition for every place that checks or cleans
 * text: the recipe fields a caller sends (refused with 400), the fields an import takes from a
 * page (dropped), tags, and the scraper's clean-up of page text.
 *
 * Refused in every text field:
 * - control characters: C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F). U+0000 cannot be stored
 *   in a PostgreSQL text column and cuts SQLite's full-text tokens short; the others are invisible
 *   or move the cursor in whatever shows the text. Multi-line fields (ingredients, instructions)
 *   keep line feed, carriage return and tab, which mean what they say there.
 * - bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): they reorder
 *   how the text around them is displayed, so a title could show something else than it says.
 * - lone surrogates (a UTF-16 half without its pair): they are not Unicode text, and UTF-8
 *   cannot encode them, so what was stored would not be what was sent.
 * Both checks scan the text once, without a regular expression.
 */

/**
 * Invisible characters scraped page text drops: soft hyphen, zero-width space, non-joiner and
 * joiner, word joiner, byte order mark. They are not refused in a caller's text: the joiner is
 * part of many emoji ("👩‍🍳"), and a soft hyphen is a legitimate hint.
 */
export const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/** `text` without the invisible characters above. */
export const dropInvisible = (text: string): string => text.replace(INVISIBLE, '');

export const isBidiControl = (c: number): boolean =>
  (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x200e || c === 0x200f || c === 0x061c;

const isLineBreakOrTab = (c: number) => c === 0x0a || c === 0x0d || c === 0x09;

export interface RefusedChar {
  /** UTF-16 index in the text. */
  index: number;
  /** `U+202E (a bidirectional control)` */
  name: string;
}

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why code unit `c` at `i` is refused (given its neighbours), or undefined. */
function refusal(text: string, i: number, multiline: boolean): string | undefined {
  const c = text.charCodeAt(i);
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
    if (multiline && isLineBreakOrTab(c)) return undefined;
    return c === 0 ? 'NUL' : 'a control character';
  }
  if (c < 0x061c) return undefined; // the common case, decided at once
  if (isBidiControl(c)) return 'a bidirectional control';
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff ? undefined : 'a lone surrogate';
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const prev = text.charCodeAt(i - 1);
    return prev >= 0xd800 && prev <= 0xdbff ? undefined : 'a lone surrogate';
  }
  return undefined;
}

/**
 * The first character text of this kind must not hold, or undefined when it is fine.
 * `multiline`: line breaks and tabs are allowed (ingredients, instructions).
 */
export function refusedCharIn(text: string, multiline = false): RefusedChar | undefined {
  for (let i = 0; i < text.length; i++) {
    const why = refusal(text, i, multiline);
    if (why) return { index: i, name: `${hex(text.charCodeAt(i))} (${why})` };
  }
  return undefined;
}

/** `text` with every character `refusedCharIn` would name dropped (for text that is not the caller's, as an imported page). */
export function withoutRefusedChars(text: string, multiline = false): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (refusal(text, i, multiline) === undefined) continue;
    out += text.slice(from, i);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
