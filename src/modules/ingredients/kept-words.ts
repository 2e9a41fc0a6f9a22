/**
 * "Words kept": whether a scaled or converted line still says everything the cook wrote, apart
 * from its amounts. Used by the scoring script and the tests to judge `display`; deliberately
 * written apart from the code that builds `display` (scaled-line.ts) so the two check each other.
 *
 * The definition, precisely:
 * 1. A trailing factor note " (×2)" (what an unsure line shows) is removed.
 * 2. The line is split with the parser's tokenizer (numbers, words, single punctuation marks;
 *    "400g" is "400" and "g").
 * 3. Amount tokens are removed: every number token (digits, decimals, fractions, "½"); number
 *    words ("two", "deux"); a range or multiplier mark between two numbers ("-", "–", "—", "to",
 *    "or", "x", "×"; a slash, and a decimal point the tokenizer left between two numbers); the unit that directly follows a number (one to three words that the unit
 *    table knows: "g", "cups", "fl oz", "colher de sopa", with a "-" before it as in "10-ounce");
 *    and "a"/"an" directly before such a unit ("a pinch").
 * 4. The other tokens are compared in order, case-insensitively, words by an English singular
 *    stem (singularForm: endings come off words of four letters or more, a final "y" reads
 *    as "i", a final "e" is dropped; "egg"/"eggs", "lime"/"limes", "berry"/"berries", "leaf"/"leaves" are the same word): the plural the
 *    display may give the unit or the food after a new amount ("1 egg" → "2 eggs").
 * The words are kept when the two sequences are equal.
 */
import { matchUnit } from './amounts.js';
import { numberWordValue } from './quantity.js';
import { tokenize } from './tokenize.js';

// Without a leading \s*: tried from every start, that is quadratic in a run of spaces; trimEnd does it.
const FACTOR_NOTE = /\(×[\d.,]+\)\s*$/u;
const withoutFactorNote = (text: string) => text.replace(FACTOR_NOTE, '').trimEnd();
// "/" and "." too: the tokenizer reads "79 / 7" as one fraction but "751 / 68" as three tokens,
// and can leave a decimal point between two numbers ("29 / 0.04" is "29 / 0", ".", "04").
const BETWEEN_NUMBERS = new Set(['-', '–', '—', 'to', 'or', 'x', '×', '/', '.']);

const IRREGULAR_PLURALS = new Map([
  ['leaves', 'leaf'],
  ['halves', 'half'],
  ['loaves', 'loaf'],
  ['knives', 'knife'],
  ['calves', 'calf'],
]);

/**
 * A word's English singular stem, for comparing words that only differ by a plural ending:
 * "eggs" and "egg" → "egg", "berries" and "berry" → "berri", "chillies" and "chilli" → "chilli".
 */
export function singularForm(word: string): string {
  let w = word.toLowerCase();
  const irregular = IRREGULAR_PLURALS.get(w);
  if (irregular) return irregular;
  // Endings come off words of four letters or more ("eggs", not "gas" or "yes").
  if (w.length > 3) {
    if (w.endsWith('ies')) w = w.slice(0, -2);
    else if (/(?:ch|sh|x|ss|z|o)es$/.test(w)) w = w.slice(0, -2);
    else if (/(?<!s|u|i)s$/.test(w)) w = w.slice(0, -1);
  }
  // "tomatoes"/"tomato" and "sloes"/"sloe" both hold: a final "e" does not count.
  if (w.endsWith('y')) w = `${w.slice(0, -1)}i`;
  return w.length > 1 && w.endsWith('e') ? w.slice(0, -1) : w;
}

/** The tokens of a line that are not amounts (see the module comment), normalised for comparison. */
export function wordsBesideAmounts(line: string): string[] {
  const tokens = tokenize(withoutFactorNote(line));
  const drop = new Array<boolean>(tokens.length).fill(false);
  const isNumber = (i: number) => tokens[i]?.kind === 'number' || (tokens[i]?.kind === 'word' && numberWordValue(tokens[i]!.text) !== null);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const article = t.kind === 'word' && /^an?$/i.test(t.text) && matchUnit(tokens, i + 1) !== null;
    if (!isNumber(i) && !article) continue;
    drop[i] = true;
    if (BETWEEN_NUMBERS.has((tokens[i + 1]?.text ?? '').toLowerCase()) && isNumber(i + 2)) {
      drop[i + 1] = true;
      continue;
    }
    let k = i + 1;
    if (tokens[k]?.text === '-' && tokens[k + 1]?.kind === 'word') k++;
    const unit = matchUnit(tokens, k);
    if (unit) for (let j = i + 1; j < unit.next; j++) drop[j] = true;
  }
  return tokens.filter((_, i) => !drop[i]).map((t) => (t.kind === 'word' ? singularForm(t.text) : t.text));
}

/** True when `display` keeps every word of `input` other than its amounts, in order. */
export function keepsWords(input: string, display: string): boolean {
  const a = wordsBesideAmounts(input),
    b = wordsBesideAmounts(display);
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

/** True when `display` is the line unchanged with the factor noted beside it ("3 large carrots (×2)"). */
export function isFactorNote(input: string, display: string): boolean {
  return display !== input && withoutFactorNote(display) === input.trimEnd();
}
