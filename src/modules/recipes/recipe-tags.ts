/**
 * What a tag is: a short label, compared case-insensitively. Tags are stored and
 * answered in one normalised form only: NFKC, trimmed, inner whitespace collapsed to one space,
 * and case-folded exactly as search folds text (src/lib/fold.ts: "ΟΔΟΣ" and "οδος" are "οδοσ",
 * "Straße" is "strasse"), so "Vegan", " vegan " and "VEGAN" are one tag and `GET /tags` counts
 * them once. Stored tags from before full folding were brought to this form by migration 015.
 */
import { InvalidTags } from '../../errors.js';
import { foldCase } from '../../lib/fold.js';
import { refusedCharIn } from '../../lib/text-chars.js';

export const MAX_TAGS_PER_RECIPE = 20;
export const MAX_TAG_LENGTH = 40;

/**
 * Beyond what no text may hold (control characters, bidirectional controls, lone surrogates:
 * src/lib/text-chars.ts), a tag holds no invisible format character and no line separator: a
 * label must look like what it is.
 */
const FORMAT_OR_SEPARATOR = /[\p{Cf}\p{Zl}\p{Zp}]/u;

/** The normalised form of one tag (not yet checked against the rules). */
export function normaliseTag(raw: string): string {
  return foldCase(raw.normalize('NFKC').trim().replace(/\s+/gu, ' '));
}

/** Why a normalised tag breaks the rules, or undefined when it is fine. */
function problemWith(tag: string): string | undefined {
  const length = [...tag].length;
  if (length === 0) return 'a tag must not be empty';
  if (length > MAX_TAG_LENGTH) return `a tag has at most ${MAX_TAG_LENGTH} characters`;
  const bad = refusedCharIn(tag);
  if (bad) return `a tag must not contain ${bad.name}`;
  if (FORMAT_OR_SEPARATOR.test(tag)) return 'a tag must not contain control or format characters';
  return undefined;
}

/**
 * The tags of a create or update: normalised, duplicates (after normalisation) dropped, in the
 * order given. Throws 400 INVALID_TAGS when one is empty, too long or holds control characters,
 * or when more than 20 distinct tags remain.
 */
export function normaliseTags(raw: readonly string[]): string[] {
  const tags = [...new Set(raw.map(normaliseTag))];
  for (const tag of tags) {
    const problem = problemWith(tag);
    if (problem) throw InvalidTags(`Invalid tag ${JSON.stringify(tag.slice(0, 60))}: ${problem}`);
  }
  if (tags.length > MAX_TAGS_PER_RECIPE) throw InvalidTags(`A recipe has at most ${MAX_TAGS_PER_RECIPE} tags (got ${tags.length})`);
  return tags;
}

/**
 * Tags from a scraped page (recipeCategory, recipeCuisine, keywords): the page's values are not
 * the caller's input, so instead of refusing, the ones that break the rules are left out and at
 * most 20 are kept. Comma-separated values ("quick, easy") are split, as schema.org keywords are.
 */
export function tagsFromPage(raw: readonly string[] | undefined | null): string[] {
  if (!raw) return [];
  const tags = new Set<string>();
  for (const value of raw) {
    for (const part of value.split(',')) {
      const tag = normaliseTag(part);
      if (!problemWith(tag)) tags.add(tag);
      if (tags.size === MAX_TAGS_PER_RECIPE) return [...tags];
    }
  }
  return [...tags];
}

/** The tags column (a JSON array) as a list; a damaged value reads as no tags. */
export function parseTagsColumn(stored: string | null | undefined): string[] {
  if (!stored) return [];
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
