/**
 * What counts as the same food on a shopping list. A food's key is its name as the parser read
 * it, with the words that only say how it is prepared or how big it is taken out ("finely chopped
 * fresh coriander" is coriander, "1 cebola picada" is cebola), each word made singular ("onions"
 * and "onion", "cebolas" and "cebola", "limões" and "limão") and folded (case, accents); a name
 * the food table knows (foods.ts) takes the table's canonical name, so "cilantro" and "coentro"
 * are coriander and "farinha de trigo" is flour.
 *
 * Only whole names compare: "peanut butter" is not butter, "chicken stock" is not chicken,
 * "red onion" is not onion. A qualifier that changes what is bought stays part of the name.
 */
import { BoundedMap } from '../../../lib/bounded-map.js';
import { foldCase } from '../../../lib/fold.js';
import { densityOf, type Density } from '../../ingredients/densities.js';
import { inflectNoun } from '../../ingredients/display-text.js';
import { FOODS, type FoodEntry } from './foods.js';

export interface Food {
  /** The key: folded, singular words ("onion", "flour", "chicken stock", "gluten free flour"). */
  key: string;
  /** The name to show: the cook's words without preparation and size words ("flat-leaf parsley"). */
  name: string;
}

// Preparation, size and quality words (in their key form: folded, singular): they say how the
// food is cut or chosen, not what is bought.
// prettier-ignore
const PREPARATION = new Set([
  'chopped', 'finely', 'roughly', 'coarsely', 'thinly', 'thickly', 'diced', 'minced', 'sliced', 'grated', 'shredded', 'crushed',
  'peeled', 'deseeded', 'cored', 'trimmed', 'halved', 'quartered', 'cubed', 'beaten', 'softened', 'melted', 'fresh', 'freshly',
  'large', 'small', 'medium', 'big', 'jumbo', 'ripe', 'good', 'quality', 'organic', 'boneless', 'skinless', 'leftover', 'washed',
  'rinsed', 'drained', 'torn', 'lightly', 'about', 'approximately', 'approx', 'extra',
  'picado', 'picada', 'picadinho', 'picadinha', 'ralado', 'ralada', 'fatiado', 'fatiada', 'cortado', 'cortada', 'fresco', 'fresca',
  'grande', 'pequeno', 'pequena', 'medio', 'media', 'maduro', 'madura', 'descascado', 'descascada', 'amassado', 'amassada',
  'derretido', 'derretida', 'triturado', 'triturada', 'bem',
]);

// Phrases that say when or how much, not what ("salt to taste", "sal a gosto"), in key form.
const PHRASES = [
  'to taste',
  'a gosto',
  'as needed',
  'if needed',
  'if you like',
  'for serving',
  'to serve',
  'for garnish',
  'for garnishing',
  'for decoration',
  'of your choice',
  'of choice',
  'at room temperature',
  'room temperature',
  'optional',
  'q b',
  'qb',
  'de boa qualidade',
  'for frying',
  'for greasing',
  'for dusting',
  'for brushing',
  'for drizzling',
  'to garnish',
  'to finish',
  'para fritar',
  'para untar',
  'para polvilhar',
  'para decorar',
  'para servir',
].map((p) => p.split(' '));

// Words before the food that are no part of it ("a few", "some", "of", "um pouco de").
const LEADING = new Set([
  'of',
  'de',
  'da',
  'do',
  'the',
  'some',
  'a',
  'an',
  'few',
  'little',
  'bit',
  'um',
  'uma',
  'pouco',
  'algum',
  'alguns',
]);

const stripAccents = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '');

// Words repeat from line to line ("chopped", "onion"): their key forms are kept, within a bound.
const keyWords = new BoundedMap<string, string>(20_000);

/** One word in key form: folded, singular, without accents ("Cebolas" → "cebola", "limões" → "limao"). */
export function keyWord(word: string): string {
  let key = keyWords.get(word);
  if (key === undefined) {
    // Portuguese plurals in -ões and -ães come back to -ão before the accents go.
    const folded = foldCase(word).replace(/(?:õ|ã)es$/u, 'ão');
    const plain = /^[a-z]*$/.test(folded) ? folded : stripAccents(folded);
    key = inflectNoun(plain, false) ?? plain;
    keyWords.set(word, key);
  }
  return key;
}

interface Word {
  text: string;
  key: string;
  /** What stands between the previous word and this one as written (" ", "-"). */
  before: string;
}

/** The words of a name, brackets left out ("onion (about 200 g)" is onion). */
function wordsOf(name: string): Word[] {
  // Innermost brackets only: a bracket never spans another opening one, so the scan stays linear.
  const text = name.replace(/\([^()]*\)|\[[^[\]]*\]/g, ' ');
  const out: Word[] = [];
  let end = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = m[0];
    out.push({ text: word, key: keyWord(word), before: text.slice(end, m.index) });
    end = m.index + word.length;
  }
  return out;
}

function withoutPhrases(words: Word[]): Word[] {
  const out = [...words];
  for (const phrase of PHRASES) {
    for (let i = 0; i + phrase.length <= out.length; i++) {
      if (phrase.every((p, k) => out[i + k]!.key === p)) out.splice(i--, phrase.length);
    }
  }
  let start = 0;
  while (start < out.length - 1 && LEADING.has(out[start]!.key)) start++;
  // "juice of 2 limes" counts limes: the juice or zest "of" a fruit is the fruit.
  const of = out.findIndex((w) => w.key === 'of');
  if (of > start && of < out.length - 1 && out.slice(start, of).every((w) => ['juice', 'zest', 'rind', 'and'].includes(w.key))) {
    start = of + 1;
  }
  return out.slice(start);
}

const keyOf = (words: readonly Word[]) => words.map((w) => w.key).join(' ');

/** The name as written from these words, with the marks that stood between kept neighbours. */
function shown(words: readonly Word[], all: readonly Word[]): string {
  let out = '';
  let previous = -2;
  for (const w of words) {
    const at = all.indexOf(w);
    out += out === '' ? '' : at === previous + 1 && /^[\s'’-]+$/u.test(w.before) ? w.before : ' ';
    out += w.text;
    previous = at;
  }
  return out;
}

/** A name of the table in key form. */
export const nameKey = (name: string): string => keyOf(wordsOf(name));

// The table's names in key form: English names are compared at the end of a longer name (the
// head noun comes last: "smoked salmon"), Portuguese ones at its start ("peito de frango").
const ENGLISH = new Map<string, FoodEntry>();
const PORTUGUESE = new Map<string, FoodEntry>();
const BY_KEY = new Map<string, FoodEntry>();
for (const entry of FOODS) {
  BY_KEY.set(nameKey(entry.name), entry);
  for (const n of entry.english) if (!ENGLISH.has(nameKey(n))) ENGLISH.set(nameKey(n), entry);
  for (const n of entry.portuguese) if (!PORTUGUESE.has(nameKey(n))) PORTUGUESE.set(nameKey(n), entry);
}

/** The table's entry for a whole name in key form, or null. */
export function tableEntry(key: string): FoodEntry | null {
  return ENGLISH.get(key) ?? PORTUGUESE.get(key) ?? null;
}

/** The entry of a food key (a canonical name the table gave), or null for a food the table does not know. */
export function entryOfKey(key: string): FoodEntry | null {
  return BY_KEY.get(key) ?? null;
}

/** The table's names by language, in key form (for aisles.ts). */
export const TABLE_NAMES = { english: ENGLISH as ReadonlyMap<string, FoodEntry>, portuguese: PORTUGUESE as ReadonlyMap<string, FoodEntry> };

/** The food a name is, or null when it names none (only preparation words, or nothing). */
export function foodOf(name: string | null | undefined): Food | null {
  if (!name) return null;
  const all = wordsOf(name.slice(0, 500));
  const words = withoutPhrases(all);
  if (!words.length) return null;
  // A whole name the table knows wins before any word comes off: "chopped tomatoes" is tinned.
  const whole = tableEntry(keyOf(words));
  const kept = words.filter((w) => !PREPARATION.has(w.key));
  const core = kept.length ? kept : words;
  const entry = whole ?? tableEntry(keyOf(core));
  return { key: entry ? nameKey(entry.name) : keyOf(core), name: shown(whole ? words : core, all) };
}

const densities = new BoundedMap<string, Density | null>(5_000);
const lastKey = (name: string) => nameKey(name).split(' ').at(-1);

/**
 * The density of a food by its key (densities.ts), for adding its weights and volumes: through
 * the table's English names when it knows the food ("farinha de trigo" is flour; "grated
 * parmesan" gives parmesan's), else the key. A density must be of the food's own head noun.
 */
export function densityOfFood(key: string): Density | null {
  const known = densities.get(key);
  if (known !== undefined) return known;
  const entry = entryOfKey(key);
  const head = lastKey(entry?.name ?? key);
  let found: Density | null = null;
  for (const n of entry ? entry.english : [key]) {
    const d = densityOf(n) ?? densityOf(`${n}s`);
    if (d && lastKey(d.food) === head) {
      found = d;
      break;
    }
  }
  densities.set(key, found);
  return found;
}
