/** Numbers read from pages: ISO-8601 and human durations, servings. */
import { cleanText } from './text.js';

// ------------------------------------------------------------------ numbers and durations

const NUM = String.raw`\d+(?:[.,]\d+)?`;
const ISO_DURATION = new RegExp(`^P(?:(${NUM})Y)?(?:(${NUM})M)?(?:(${NUM})W)?(?:(${NUM})D)?(?:T(?:(${NUM})H)?(?:(${NUM})M)?(?:(${NUM})S)?)?$`, 'i');

const num = (s: string | undefined): number => (s ? Number(s.replace(',', '.')) : 0);

/** Minutes in an ISO-8601 duration (`PT1H30M` → 90, `P0DT0H45M` → 45), or null when it is not one. */
export function parseIsoDuration(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = ISO_DURATION.exec(value.trim());
  if (!m) return null;
  const minutes = num(m[3]) * 7 * 1440 + num(m[4]) * 1440 + num(m[5]) * 60 + num(m[6]) + num(m[7]) / 60;
  return Math.round(minutes);
}

const UNIT_DAY = /^(?:d|days?|jours?|tage?n?|d[ií]as?|giorni|giorno|dni|dzie[nń]|dagen|dag)$/i;
const UNIT_HOUR = /^(?:h|hrs?|hours?|heures?|std|stunden?|horas?|ore|ora|godz|godzin[ay]?|godzina|uur|timer?)$/i;
const UNIT_MIN = /^(?:m|mn|mins?|minutes?|minuten|minutos?|minuti|minuto|minut[ay]?|min[uú]t|minuter)$/i;
const UNIT_SEC = /^(?:s|secs?|seconds?|sekunden|segundos?|secondi)$/i;

/** Minutes in a human duration such as "1 hour 30 mins", "1 h 05", "45 min", "2 Std. 10 Min.". */
export function parseHumanDuration(text: string): number | null {
  const iso = parseIsoDuration(text);
  if (iso !== null) return iso;
  const re = /(\d+(?:[.,]\d+)?)\s*([a-zà-ÿąćęłńóśźż]+)?\.?/gi;
  let total = 0;
  let found = false;
  let lastWasHour = false;
  for (const m of text.matchAll(re)) {
    const n = num(m[1]);
    const unit = m[2] ?? '';
    if (UNIT_DAY.test(unit)) total += n * 1440;
    else if (UNIT_HOUR.test(unit)) total += n * 60;
    else if (UNIT_MIN.test(unit)) total += n;
    else if (UNIT_SEC.test(unit)) total += n / 60;
    else if (!unit && lastWasHour) total += n; // "1 h 05"
    else continue;
    found = true;
    lastWasHour = UNIT_HOUR.test(unit);
  }
  return found ? Math.round(total) : null;
}

const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/**
 * The number of servings in a yield: "8 servings" → 8, "Serves: 4" → 4. For a range written
 * "2 to 4" or "8-10" the upper end is taken, as the reference data does.
 */
export function parseServings(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : null;
  if (Array.isArray(value)) {
    for (const v of value) {
      const n = parseServings(v);
      if (n !== null) return n;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    // QuantitativeValue and friends: {"value": 4, "unitText": "servings"}.
    const o = value as Record<string, unknown>;
    return parseServings(o.value ?? o.name ?? o.text);
  }
  const text = cleanText(value);
  if (!text) return null;
  if (!/\d/.test(text)) {
    const word = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/i.exec(text)?.[1];
    return word ? NUMBER_WORDS.indexOf(word.toLowerCase()) + 1 : null;
  }
  const range = /(\d+)(?:\s+(?:to|a|à|bis|al|do|tot)\s+|-)(\d+)/i.exec(text);
  if (range) return Number(range[2]);
  const first = /\d+(?:[.,]\d+)?/.exec(text);
  if (!first) return null;
  const n = num(first[0]);
  return n > 0 ? n : null;
}

export function timeOf(total: unknown, prep: unknown, cook: unknown): number | null {
  const read = (v: unknown): number | null => {
    if (typeof v === 'number') return v;
    if (typeof v !== 'string' || !v.trim()) return null;
    return parseIsoDuration(v) ?? parseHumanDuration(v);
  };
  const t = read(total);
  if (t !== null && t > 0) return t;
  const p = read(prep);
  const c = read(cook);
  if (p === null && c === null) return t;
  return (p ?? 0) + (c ?? 0);
}
