/**
 * Numbers read from pages: ISO-8601 and human durations, servings. Every number that leaves the
 * extractor is bounded here: a page can say anything (`PT99999999999999999999H`, a yield of
 * 50,000 digits), and a value outside the range a recipe can have is dropped (null), never
 * clamped or passed on as Infinity.
 */
import { cleanText } from './text.js';

/** Longest total time kept, in minutes: a week (the catalog's own limit for time_minutes). */
export const MAX_MINUTES = 10_080;
/** Most servings kept: more is a misread number (a price, a year, a product code). */
export const MAX_SERVINGS = 1_000;

/** A time in whole minutes within 0..MAX_MINUTES, else null. */
export function boundedMinutes(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const m = Math.round(value);
  return m >= 0 && m <= MAX_MINUTES ? m : null;
}

/** A serving count within (0, MAX_SERVINGS], else null. */
export function boundedServings(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return value > 0 && value <= MAX_SERVINGS ? value : null;
}

const NUM = String.raw`\d+(?:[.,]\d+)?`;
const ISO_DURATION = new RegExp(
  `^P(?:(${NUM})Y)?(?:(${NUM})M)?(?:(${NUM})W)?(?:(${NUM})D)?(?:T(?:(${NUM})H)?(?:(${NUM})M)?(?:(${NUM})S)?)?$`,
  'i',
);

const num = (s: string | undefined): number => (s ? Number(s.replace(',', '.')) : 0);

/** Minutes in an ISO-8601 duration (`PT1H30M` → 90, `P0DT0H45M` → 45), or null when it is not one. */
export function parseIsoDuration(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = ISO_DURATION.exec(value.trim());
  if (!m) return null;
  // Years and months have no fixed length; a recipe never takes one, so they only count when zero.
  if (num(m[1]) > 0 || num(m[2]) > 0) return null;
  const minutes = num(m[3]) * 7 * 1440 + num(m[4]) * 1440 + num(m[5]) * 60 + num(m[6]) + num(m[7]) / 60;
  return boundedMinutes(minutes);
}

const UNIT_DAY = /^(?:d|days?|jours?|tage?n?|d[ií]as?|giorni|giorno|dni|dzie[nń]|dagen|dag)$/i;
const UNIT_HOUR = /^(?:h|hrs?|hours?|heures?|std|stunden?|horas?|ore|ora|godz|godzin[ay]?|godzina|uur|timer?)$/i;
const UNIT_MIN = /^(?:m|mn|mins?|minutes?|minuten|minutos?|minuti|minuto|minut[ay]?|min[uú]t|minuter)$/i;
const UNIT_SEC = /^(?:s|secs?|seconds?|sekunden|segundos?|secondi)$/i;

/** Minutes in a human duration such as "1 hour 30 mins", "1 h 05", "45 min", "2 Std. 10 Min.". */
export function parseHumanDuration(text: string): number | null {
  const iso = parseIsoDuration(text);
  if (iso !== null) return iso;
  // Something shaped like an ISO duration that did not parse ("PT1e309M") is not a human one either.
  if (/^\s*P\d|^\s*PT/i.test(text)) return null;
  const re = /(\d+(?:[.,]\d+)?)\s*([a-zà-ÿąćęłńóśźż]+)?\.?/gi;
  let total = 0;
  let found = false;
  let lastWasHour = false;
  for (const m of text.matchAll(re)) {
    // The exponent of "1e309" is not a quantity of its own.
    if (m.index >= 2 && /e/i.test(text[m.index - 1]!) && /\d/.test(text[m.index - 2]!)) return null;
    const n = num(m[1]);
    const unit = m[2] ?? '';
    if (UNIT_DAY.test(unit)) total += n * 1440;
    else if (UNIT_HOUR.test(unit)) total += n * 60;
    else if (UNIT_MIN.test(unit)) total += n;
    else if (UNIT_SEC.test(unit)) total += n / 60;
    else if (!unit && lastWasHour)
      total += n; // "1 h 05"
    else continue;
    found = true;
    lastWasHour = UNIT_HOUR.test(unit);
  }
  return found ? boundedMinutes(total) : null;
}

const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/**
 * The number of servings in a yield: "8 servings" → 8, "Serves: 4" → 4. For a range written
 * "2 to 4" or "8-10" the upper end is taken, as the reference data does.
 */
export function parseServings(value: unknown, depth = 0): number | null {
  if (depth > 4) return null;
  if (typeof value === 'number') return boundedServings(value);
  if (Array.isArray(value)) {
    for (const v of value) {
      const n = parseServings(v, depth + 1);
      if (n !== null) return n;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    // QuantitativeValue and friends: {"value": 4, "unitText": "servings"}.
    const o = value as Record<string, unknown>;
    return parseServings(o.value ?? o.name ?? o.text, depth + 1);
  }
  const text = cleanText(value);
  if (!text) return null;
  if (!/\d/.test(text)) {
    const word = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/i.exec(text)?.[1];
    return word ? NUMBER_WORDS.indexOf(word.toLowerCase()) + 1 : null;
  }
  // A range "2 to 4" / "8-10": runs of digits found in one linear pass, then the text between
  // two neighbouring runs is compared with the separators (a regex doing both at once is quadratic).
  const runs = [...text.matchAll(/\d+/g)];
  for (let i = 0; i + 1 < runs.length; i++) {
    const a = runs[i]!;
    const b = runs[i + 1]!;
    const between = text.slice(a.index + a[0].length, b.index);
    if (between === '-' || (between.length <= 8 && RANGE_WORD.test(between))) return boundedServings(Number(b[0]));
  }
  const first = /\d+(?:[.,]\d+)?/.exec(text);
  if (!first) return null;
  return boundedServings(num(first[0]));
}

const RANGE_WORD = /^\s+(?:to|a|à|bis|al|do|tot)\s+$/i;

export function timeOf(total: unknown, prep: unknown, cook: unknown): number | null {
  const read = (v: unknown): number | null => {
    if (typeof v === 'number') return boundedMinutes(v);
    if (typeof v !== 'string' || !v.trim()) return null;
    return parseIsoDuration(v) ?? parseHumanDuration(v);
  };
  const t = read(total);
  if (t !== null && t > 0) return t;
  const p = read(prep);
  const c = read(cook);
  if (p === null && c === null) return t;
  return boundedMinutes((p ?? 0) + (c ?? 0));
}
