/**
 * What cook mode reads in a recipe's steps: the durations to time ("bake for 25 minutes",
 * "cozinhe por 10 minutos", "1-2 hours") and the ingredients a step uses. Pure functions, loaded
 * with cook mode only (the catalog never downloads them).
 */

export interface StepTimer {
  /** The words as written in the step ("25 minutes"), for the timer's label. */
  text: string;
  seconds: number;
}

const NUMBER = String.raw`(\d+(?:[.,]\d+)?(?:\s*[½¼¾])?|[½¼¾])`;
// A range's second number ("1-2 hours", "10 a 15 minutos"): the first one is timed, the cook checks early.
const RANGE = String.raw`(?:\s*(?:-|–|—|to|or|a|ou|até)\s*(?:\d+(?:[.,]\d+)?))?`;
const UNIT = String.raw`(hours?|hrs?|horas?|h|minutes?|minutos?|mins?|min\.?|seconds?|segundos?|secs?|seg)`;
// "1 hour 30 minutes", "1 hora e 30 minutos": one timer for the whole.
const AND_MINUTES = String.raw`(?:\s*(?:and|e|,)?\s*(\d+)\s*(?:minutes?|minutos?|mins?|min)(?![\p{L}]))?`;
const TIME = new RegExp(`(?<![\\p{L}\\d])${NUMBER}${RANGE}\\s*${UNIT}(?![\\p{L}])${AND_MINUTES}`, 'giu');

const FRACTIONS: Record<string, number> = { '½': 0.5, '¼': 0.25, '¾': 0.75 };

/** Every duration written in a step, in order, each once. */
export function findTimers(step: string): StepTimer[] {
  const out: StepTimer[] = [];
  for (const m of step.matchAll(TIME)) {
    const written = m[1]!;
    const fraction = FRACTIONS[written.slice(-1)] ?? 0;
    const whole = fraction ? written.slice(0, -1).trim() : written;
    const n = (whole ? Number(whole.replace(',', '.')) : 0) + fraction;
    const unit = m[2]!.toLowerCase();
    const per = unit.startsWith('h') ? 3600 : unit.startsWith('s') ? 1 : 60;
    const seconds = Math.round(n * per + (m[3] ? Number(m[3]) * 60 : 0));
    if (seconds > 0 && seconds <= 7 * 24 * 3600) out.push({ text: m[0].trim(), seconds });
  }
  return out;
}

/** A word as compared: lower case, without accents, without a plural "s" or a final "e" ("tomatoes" = "tomato", "olives" = "olive"). */
function stem(word: string): string {
  const w = word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return w.length > 3 ? w.replace(/s$/, '').replace(/e$/, '') : w;
}

const words = (text: string): string[] => (text.match(/[\p{L}]+/gu) ?? []).map(stem);

// Words that say nothing about which food it is ("fresh dill": the dill).
const NOT_FOOD = new Set(
  [
    'fresh',
    'large',
    'small',
    'medium',
    'chopped',
    'of',
    'de',
    'do',
    'da',
    'dos',
    'das',
    'and',
    'e',
    'the',
    'a',
    'o',
    'for',
    'para',
    'ground',
  ].map(stem),
);

/**
 * Which of the parsed food names (`ingredient_lines[].name`) a step mentions: the whole name, or
 * its head word (the last word in English, "arborio rice"; the first in Portuguese, "farinha de
 * trigo"), ignoring case, accents and plurals. Returns the indexes of the names found.
 */
export function ingredientsInStep(step: string, names: (string | null | undefined)[]): number[] {
  const have = words(step);
  const text = ` ${have.join(' ')} `;
  const found: number[] = [];
  names.forEach((name, i) => {
    if (!name) return;
    const all = words(name);
    const food = all.filter((w) => !NOT_FOOD.has(w) && w.length > 2);
    if (!food.length) return;
    if (
      text.includes(` ${all.join(' ')} `) ||
      text.includes(` ${food.join(' ')} `) ||
      have.includes(food[food.length - 1]!) ||
      have.includes(food[0]!)
    )
      found.push(i);
  });
  return found;
}

/** "25:00", "1:05:09": a countdown's remaining time. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
