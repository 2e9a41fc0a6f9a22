/**
 * Label alignment: from one labelled TSV row (name, quantity, unit, size, preparation, comment,
 * purpose as strings) to one label per token of the input line.
 *
 * Numbers whose value is one of the row's quantities are QTY (with the range words and mixed
 * fractions they belong to). Each word goes to the field whose remaining words hold it (words
 * compared after stemming, since labels singularise: "leaves" → "leaf"); when several fields
 * hold it, the field of the previous word wins, then the order UNIT, SIZE, NAME, PREP, COMMENT,
 * PURPOSE. Punctuation and words in no field are O. Each field's words are used up as they are
 * matched, so "1 tbsp" inside a preparation phrase is PREP once the unit field is spent.
 */
import { readQuantity } from '../../src/modules/ingredients/quantity.js';
import type { TokenLabel } from '../../src/modules/ingredients/ingredient.types.js';
import { stem } from '../../src/modules/ingredients/tagging/features.js';
import type { Token } from '../../src/modules/ingredients/tokenize.js';
import type { LabelledCase } from '../../test/helpers/ingredient-score.js';

function labelQuantities(field: string): number[] {
  const out: number[] = [];
  for (const part of field.trim().split(/\s+/).filter(Boolean)) {
    for (const end of part.replace(/x$/i, '').split('-')) {
      const m = /^(\d+(?:\.\d+)?)?(?:#(\d+)\$(\d+))?$/.exec(end);
      if (m && (m[1] || m[2])) out.push((m[1] ? Number(m[1]) : 0) + (m[2] ? Number(m[2]) / Number(m[3]) : 0));
    }
  }
  return out;
}

const words = (s: string): string[] =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'’-]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map(stem);

type Field = 'UNIT' | 'SIZE' | 'NAME' | 'PREP' | 'COMMENT' | 'PURPOSE';
const ORDER: Field[] = ['UNIT', 'SIZE', 'NAME', 'PREP', 'COMMENT', 'PURPOSE'];

export interface Alignment {
  labels: TokenLabel[];
  /** Share of the label's name words that found a token. */
  nameCoverage: number;
  /** Words of the line that matched no field. */
  unmatched: number;
}

export function align(c: LabelledCase, tokens: Token[]): Alignment {
  const pools: Record<Field, string[]> = {
    UNIT: words(c.unit),
    SIZE: words(c.size),
    NAME: words(c.name),
    PREP: words(c.preparation),
    COMMENT: words(c.comment),
    PURPOSE: words(c.purpose),
  };
  const nameTotal = pools.NAME.length;
  const qtys = labelQuantities(c.quantity);
  const labels: TokenLabel[] = tokens.map(() => 'O');
  let unmatched = 0;
  const take = (field: Field, key: string) => {
    const pool = pools[field];
    const k = pool.indexOf(key);
    if (k < 0) return false;
    pool.splice(k, 1);
    return true;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'number' || (t.kind === 'word' && /^(one|two|three|four|five|six|seven|eight|nine|ten|twelve)$/i.test(t.text))) {
      const q = readQuantity(tokens, i);
      const v = q?.value;
      const hit = v !== undefined ? qtys.findIndex((x) => Math.abs(x - v) < 1e-6) : -1;
      // "cut into 1-inch lengths": a number whose following word belongs to another field than the unit is that field's.
      let nextWord = tokens[q?.next ?? i + 1];
      if (nextWord?.text === '-') nextWord = tokens[(q?.next ?? i + 1) + 1];
      const nk = nextWord ? stem(nextWord.text) : '';
      const inside = (['PREP', 'COMMENT', 'NAME'] as Field[]).find(
        (f) => pools[f].includes(t.text) && pools[f].includes(nk) && !pools.UNIT.includes(nk),
      );
      if (inside) {
        take(inside, t.text);
        labels[i] = inside;
        continue;
      }
      if (q && hit >= 0) {
        qtys.splice(hit, 1);
        if (q.max !== null) {
          const h2 = qtys.findIndex((x) => Math.abs(x - (q.max as number)) < 1e-6);
          if (h2 >= 0) qtys.splice(h2, 1);
        }
        for (let k = i; k < q.next; k++) labels[k] = 'QTY';
        i = q.next - 1;
        continue;
      }
    }
    if (t.kind === 'punct') continue;
    const key = stem(t.text);
    const prev = labels[i - 1] !== 'O' ? labels[i - 1] : labels[i - 2];
    const candidates = ORDER.filter((f) => pools[f].includes(key));
    let field: Field | undefined = candidates.find((f) => f === prev) ?? candidates[0];
    if (!field && key.includes('-')) {
      // "peasant-style" in the line, "peasant style" in the label.
      const parts = key.split('-').map(stem);
      field = ORDER.find((f) => parts.every((p) => pools[f].includes(p)));
      if (field) {
        for (const p of parts) take(field, p);
        labels[i] = field;
        continue;
      }
    }
    if (field) {
      take(field, key);
      labels[i] = field;
    } else unmatched++;
  }
  return { labels, nameCoverage: nameTotal ? 1 - pools.NAME.length / nameTotal : 1, unmatched };
}
