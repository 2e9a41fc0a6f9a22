/**
 * The rule-based labeller: amounts from amounts.ts, then the shape of the line (parentheses are
 * comments, what follows the first comma is preparation or comment, "for ..." is a purpose,
 * size words are sizes, known preparation words before the food are preparation). The tagger
 * replaces it for the words; its amount labels stay (see ingredient-parser.ts).
 */
import type { TokenLabel } from '../ingredient.types.js';
import { readAmount, SIZE_WORDS, type Amount } from '../amounts.js';
import type { Token } from '../tokenize.js';

export const PREP_WORDS = new Set([
  'chopped',
  'diced',
  'minced',
  'grated',
  'sliced',
  'crushed',
  'shredded',
  'melted',
  'softened',
  'beaten',
  'peeled',
  'cubed',
  'halved',
  'quartered',
  'trimmed',
  'rinsed',
  'drained',
  'deseeded',
  'seeded',
  'cored',
  'pitted',
  'toasted',
  'cooked',
  'zested',
  'juiced',
  'sifted',
  'mashed',
  'julienned',
  'torn',
  'squeezed',
  'finely',
  'roughly',
  'coarsely',
  'thinly',
  'freshly',
  'lightly',
  'very',
  'cut',
  'hachée',
  'haché',
  'hachées',
  'émincé',
  'émincée',
  'râpé',
  'râpée',
  'gehackt',
  'fein',
  'gerieben',
  'gewürfelt',
  'gesneden',
  'fijngesneden',
  'gehakt',
  'geraspt',
  'picado',
  'picada',
  'ralado',
  'tritato',
  'tritata',
  'grattugiato',
  'posiekany',
  'starty',
  'picada',
  'rallado',
  'hakket',
  'hackad',
  'riven',
]);
const CONNECTORS = new Set(['of', 'de', "d'", 'du', 'des', 'di', 'del', 'della', 'van', 'von', 'z', 'ze', 'do', 'da', 'dos', 'das']);

/** The line's first amount and every alternative to it that follows at once ("200g/7oz", "3 oz (85g)"). */
export function leadingAmounts(tokens: Token[]): { amounts: Amount[]; next: number; start: number } {
  let i = 0;
  // "a pinch of", "a good handful", "Scant ½ cup": skip articles and size words before the amount.
  while (
    i < tokens.length &&
    /^(a|an|about|approx|approximately|ca|env|environ|circa|etwa|około|ok|kb|cirka|ungefär|omkring|unos|unas)$/i.test(tokens[i]?.text ?? '')
  )
    i++;
  const start = i;
  while (i < tokens.length && SIZE_WORDS.has(tokens[i]?.text.toLowerCase() ?? '')) i++;
  const amounts: Amount[] = [];
  const first = readAmount(tokens, i) ?? unitOnly(tokens, i) ?? (i > start ? unitOnly(tokens, start) : null);
  if (!first) return { amounts, next: start, start };
  amounts.push(first);
  let next = Math.max(first.qtyNext, first.unitNext);
  for (;;) {
    const t = tokens[next];
    if (t?.text === '/' || t?.text === '(') {
      const alt = readAmount(tokens, next + 1);
      if (alt && (alt.unit || t.text === '/')) {
        amounts.push(alt);
        let after = Math.max(alt.qtyNext, alt.unitNext);
        if (t.text === '(' && tokens[after]?.text === ')') after++;
        next = after;
        continue;
      }
    }
    break;
  }
  return { amounts, next, start };
}

function unitOnly(tokens: Token[], i: number): Amount | null {
  const fake: Token[] = [{ text: '1', start: -1, end: -1, kind: 'number' }, ...tokens.slice(i)];
  const a = readAmount(fake, 0);
  if (!a?.unit || a.unit === 'inch' || a.unit === 'centimeter' || a.unitStart !== 1) return null;
  return {
    ...a,
    quantity: null,
    quantity_max: null,
    qtyStart: i,
    qtyNext: i,
    unitStart: a.unitStart - 1 + i,
    unitNext: a.unitNext - 1 + i,
  };
}

/** Labels every token by the rules. */
export function ruleLabels(tokens: Token[]): TokenLabel[] {
  const labels: TokenLabel[] = tokens.map(() => 'O');
  const { amounts, next, start } = leadingAmounts(tokens);
  for (let k = 0; k < start; k++) labels[k] = 'O';
  for (const a of amounts) {
    for (let k = a.qtyStart; k < a.qtyNext; k++) labels[k] = 'QTY';
    for (let k = a.unitStart; k < a.unitNext; k++) labels[k] = 'UNIT';
    for (let k = a.qtyNext; k < a.unitStart; k++) labels[k] = SIZE_WORDS.has(tokens[k]?.text.toLowerCase() ?? '') ? 'SIZE' : 'O';
  }
  for (let k = start; k < (amounts[0]?.qtyStart ?? start); k++) labels[k] = 'SIZE';
  let i = next;
  if (CONNECTORS.has(tokens[i]?.text.toLowerCase() ?? '')) i++;
  let depth = 0;
  let section: 'name' | 'after' = 'name';
  let afterLabel: TokenLabel = 'COMMENT';
  let sawName = false;
  for (; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const w = t.text.toLowerCase();
    if (t.text === '(' || t.text === '[') {
      depth++;
      labels[i] = 'O';
      continue;
    }
    if (t.text === ')' || t.text === ']') {
      depth = Math.max(0, depth - 1);
      labels[i] = 'O';
      continue;
    }
    if (depth > 0) {
      labels[i] = t.kind === 'punct' ? 'O' : 'COMMENT';
      continue;
    }
    if (t.text === ',' || t.text === ';') {
      labels[i] = 'O';
      if (sawName) {
        section = 'after';
        const nw = tokens[i + 1]?.text.toLowerCase() ?? '';
        afterLabel = nw === 'for' ? 'PURPOSE' : PREP_WORDS.has(nw) || /(ed|en)$/.test(nw) ? 'PREP' : 'COMMENT';
      }
      continue;
    }
    if (t.kind === 'punct') {
      labels[i] = 'O';
      continue;
    }
    if (section === 'after') {
      if (w === 'for' && afterLabel !== 'PURPOSE') afterLabel = 'PURPOSE';
      labels[i] = afterLabel;
      continue;
    }
    if (sawName && (w === 'for' || (w === 'to' && tokens[i + 1]?.text.toLowerCase() === 'taste'))) {
      section = 'after';
      afterLabel = w === 'for' ? 'PURPOSE' : 'COMMENT';
      labels[i] = afterLabel;
      continue;
    }
    if (!sawName && SIZE_WORDS.has(w)) {
      labels[i] = 'SIZE';
      continue;
    }
    if (!sawName && PREP_WORDS.has(w)) {
      labels[i] = 'PREP';
      continue;
    }
    labels[i] = 'NAME';
    sawName = true;
  }
  return labels;
}
