/**
 * What every format reader gives (a recipe as this service keeps it, before it is saved) and the
 * small readers they share: text out of HTML, durations, servings, unknown fields into a note.
 * Runs in the import worker; nothing here touches the database or the file system.
 */
import { Parser } from 'htmlparser2';
import type { ArchiveEntry } from '../archive-guard.js';
import type { Skipped } from '../skip-codes.js';

export interface ImportedGroup {
  name: string | null;
  ingredients: string[];
}

export interface ImportedRecipe {
  title: string;
  groups: ImportedGroup[];
  instructions: string | null;
  time_minutes: number | null;
  servings: number | null;
  source_url: string | null;
  image_url: string | null;
  tags: string[];
  /** Fields of the source this service has no place for, as text; appended to the method. */
  note: string | null;
  /** The picture's bytes, from inside the archive. */
  picture: Uint8Array | null;
}

export type { Skipped } from '../skip-codes.js';

export interface ReadResult {
  recipes: ImportedRecipe[];
  skipped: Skipped[];
}

/** The upload as the readers see it: the files of an archive, or the one file sent. */
export interface ExportInput {
  entries: ArchiveEntry[];
  /** Whether the upload was an archive (a single JSON, CSV or HTML file otherwise). */
  archive: boolean;
}

export interface ExportFormat {
  name: string;
  /** Whether the upload is this format, by its content. */
  detect(input: ExportInput): boolean;
  read(input: ExportInput): ReadResult;
}

const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'table']);
const DROPPED = new Set(['script', 'style', 'template', 'noscript']);
/** Markup or a character reference: the text needs the HTML parser. */
const HTML_HINT = /<[a-zA-Z/!]|&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,10});/;

/** HTML to plain text: tags dropped (scripts and styles with their content), entities decoded, blocks on lines of their own. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  if (!HTML_HINT.test(s)) return s.trim();
  let out = '';
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (DROPPED.has(name)) hidden++;
        else if (BLOCK.has(name)) out += '\n';
      },
      onclosetag(name) {
        if (DROPPED.has(name)) hidden = Math.max(0, hidden - 1);
        else if (BLOCK.has(name)) out += '\n';
      },
      ontext(text) {
        if (hidden === 0) out += text;
      },
    },
    { decodeEntities: true },
  );
  parser.write(s);
  parser.end();
  return out
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** One line of text (titles, ingredient lines, tags). */
export const oneLine = (value: unknown) => toText(value).replace(/\s+/g, ' ').trim();

/** Lines of a text block, empty ones and list markers dropped. */
export function linesOf(value: unknown): string[] {
  return toText(value)
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*•]\s+)/, '').trim())
    .filter(Boolean);
}

const ISO_DURATION = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const UNIT_MINUTES: Record<string, number> = {
  d: 1440,
  day: 1440,
  days: 1440,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
};
const isDigit = (c: string) => c >= '0' && c <= '9';
const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/** Pairs of a number and the word after it ("2 Hours 30 Minutes", "1h20m"), read in one pass. */
function numberUnits(s: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  let i = 0;
  while (i < s.length) {
    if (!isDigit(s[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && (isDigit(s[j]!) || ((s[j] === '.' || s[j] === ',') && isDigit(s[j + 1] ?? '')))) j++;
    const n = Number(s.slice(i, j).replace(',', '.'));
    while (j < s.length && s[j] === ' ') j++;
    let k = j;
    while (k < s.length && isLetter(s[k]!)) k++;
    out.push([n, s.slice(j, k).toLowerCase()]);
    i = k > j ? k : j;
  }
  return out;
}

/** Minutes from "PT1H30M", "2 Hours 30 Minutes", "45 min", "1h 20m" or a bare number of minutes; null when none. */
export function minutesOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (!s) return null;
  if (/^\d+(?:\.\d+)?$/.test(s)) return Math.round(Number(s));
  const iso = ISO_DURATION.exec(s);
  if (iso && s.length > 1) {
    const [d, h, m, sec] = iso.slice(1).map((x) => Number(x ?? 0));
    return Math.round(d! * 1440 + h! * 60 + m! + sec! / 60);
  }
  let total = 0;
  let found = false;
  for (const [n, unit] of numberUnits(s)) {
    const per = UNIT_MINUTES[unit];
    if (per === undefined || !Number.isFinite(n)) continue;
    total += n * per;
    found = true;
  }
  return found ? Math.round(total) : null;
}

/** The sum of the known parts, or null when none is known. */
export function sumMinutes(...parts: unknown[]): number | null {
  const known = parts.map(minutesOf).filter((m): m is number => m !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

/** The first whole number of a yield ("4 servings", "about 20 rolls", 6), within 1–10,000; else null. */
export function servingsOf(value: unknown): number | null {
  const text =
    typeof value === 'number' ? String(value) : Array.isArray(value) ? String(value[0] ?? '') : typeof value === 'string' ? value : '';
  const m = /\d+/.exec(text);
  if (!m) return null;
  const n = Number(m[0]);
  return n >= 1 && n <= 10_000 ? n : null;
}

const HTTP = /^https?:\/\/\S+$/i;
/** An http(s) URL, else null. */
export const urlOf = (value: unknown) => (typeof value === 'string' && HTTP.test(value.trim()) ? value.trim() : null);

/** Tags from strings, comma lists and arrays of either (or of objects with a name). */
export function tagsOf(...values: unknown[]): string[] {
  const out: string[] = [];
  const add = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === 'object' && 'name' in v) add((v as { name: unknown }).name);
    else if (typeof v === 'string') for (const part of v.split(',')) if (oneLine(part)) out.push(oneLine(part));
  };
  values.forEach(add);
  return [...new Set(out)];
}

/** Where an export keeps the fields most apps keep alike; `sharedFields` reads each the one way every reader reads it. */
export interface SharedFieldSources {
  /** The total time; when it is not a duration, the sum of the known `timeParts` (preparation, cooking, …). */
  totalTime?: unknown;
  timeParts?: unknown[];
  /** A yield or number of servings ("4 servings", 6). */
  yield?: unknown;
  sourceUrl?: unknown;
  imageUrl?: unknown;
  /** Every list of tags, categories or keywords, in order. */
  tags?: unknown[];
}

/** The time, servings, source and picture URLs and tags of a recipe, from where its export keeps them. */
export function sharedFields(
  s: SharedFieldSources,
): Pick<ImportedRecipe, 'time_minutes' | 'servings' | 'source_url' | 'image_url' | 'tags'> {
  return {
    time_minutes: minutesOf(s.totalTime) ?? sumMinutes(...(s.timeParts ?? [])),
    servings: servingsOf(s.yield),
    source_url: urlOf(s.sourceUrl),
    image_url: urlOf(s.imageUrl),
    tags: tagsOf(...(s.tags ?? [])),
  };
}

/** Labelled values this service has no field for, as a note ("Label: value" lines); null when none. */
export function noteOf(fields: Record<string, unknown>): string | null {
  const lines: string[] = [];
  for (const [label, value] of Object.entries(fields)) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    const text = typeof value === 'object' ? JSON.stringify(value) : toText(value);
    if (text && text !== '{}' && text !== 'None') lines.push(`${label}: ${text}`);
  }
  return lines.length ? lines.join('\n') : null;
}

/** A recipe with the defaults filled in. */
export function recipe(fields: Partial<ImportedRecipe> & { title: string }): ImportedRecipe {
  return {
    groups: [],
    instructions: null,
    time_minutes: null,
    servings: null,
    source_url: null,
    image_url: null,
    tags: [],
    note: null,
    picture: null,
    ...fields,
  };
}

/** The one group of lines without a heading. */
export const plainGroup = (lines: string[]): ImportedGroup[] => [{ name: null, ingredients: lines }];

export const textOf = (entry: ArchiveEntry) => entry.data.toString('utf8').replace(/^\uFEFF/, '');

/** The entry's JSON, or undefined when it is not JSON. */
export function jsonOf(entry: ArchiveEntry): unknown {
  try {
    return JSON.parse(textOf(entry));
  } catch {
    return undefined;
  }
}

export const baseName = (name: string) => name.slice(name.lastIndexOf('/') + 1);
export const dirName = (name: string) => (name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '');
