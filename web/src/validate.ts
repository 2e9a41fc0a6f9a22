/**
 * The forms' own checks, the API's rules (src/modules/recipes/recipes.schemas.ts, tags, auth) done
 * before sending: the API stops at the first problem, a form reports them all at once.
 */
import { FIELD_MESSAGES, LIMITS } from './api/problem.ts';
import type { Message } from './i18n/index.ts';

/** "Vegan, quick ,, dinner" -> ["vegan", "quick", "dinner"] (the API normalises too). */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

export interface Draft {
  title: string;
  ingredients: string;
  time_minutes: string;
  servings: string;
  instructions: string;
  source_url: string;
  image_url: string;
  tags: string;
}
/** The recipe form's fields in the order it shows them: the first with a problem takes the focus. */
export const FIELDS: (keyof Draft)[] = [
  'title',
  'ingredients',
  'time_minutes',
  'servings',
  'instructions',
  'tags',
  'source_url',
  'image_url',
];

const HTTP_URL = /^https?:\/\/[^\s"'<>\\^`{|}]+$/;
const isWebAddress = (v: string) => {
  if (!HTTP_URL.test(v) || v.length > LIMITS.url) return false;
  try {
    return Boolean(new URL(v).host);
  } catch {
    return false;
  }
};
const whole = (v: string, min: number, max: number) => /^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max;

/** Every problem of the draft, by field. */
export function checkDraft(d: Draft): Record<string, Message> {
  const bad: Partial<Record<keyof Draft, boolean>> = {
    title: !/\S/.test(d.title) || d.title.trim().length > LIMITS.title,
    ingredients: !/\S/.test(d.ingredients) || d.ingredients.length > LIMITS.ingredients,
    // Optional: left empty, the time is unknown.
    time_minutes: d.time_minutes.trim() !== '' && !whole(d.time_minutes, 0, LIMITS.time),
    servings: d.servings.trim() !== '' && !whole(d.servings, 1, LIMITS.servings),
    instructions: d.instructions.length > LIMITS.instructions,
    tags: (() => {
      const tags = parseTags(d.tags);
      return tags.length > LIMITS.tags || tags.some((x) => [...x.normalize('NFKC')].length > LIMITS.tag);
    })(),
    source_url: d.source_url.trim() !== '' && !isWebAddress(d.source_url.trim()),
    image_url: d.image_url.trim() !== '' && !isWebAddress(d.image_url.trim()),
  };
  return Object.fromEntries(FIELDS.filter((f) => bad[f]).map((f) => [f, FIELD_MESSAGES[f]!]));
}

/** Both fields of sign-in or sign-up. */
export function checkCredentials(kind: 'in' | 'up', username: string, password: string): Record<string, Message> {
  const out: Record<string, Message> = {};
  if (kind === 'in') {
    if (!username.trim()) out.username = { key: 'field.usernameMissing' };
    if (!password) out.password = { key: 'field.passwordMissing' };
  } else {
    if (!/^[A-Za-z0-9_.-]{3,80}$/.test(username)) out.username = FIELD_MESSAGES.username!;
    if ([...password.normalize('NFKC')].length < LIMITS.password) out.password = FIELD_MESSAGES.password!;
  }
  return out;
}
