/**
 * A recipe's parsed ingredient lines (issue 13): the parse of every line of `ingredients`, with
 * the group heading ("For the sauce") the line came under when the recipe was given by groups.
 * Stored at write time with the PARSER_VERSION that made them (migration 006); `ingredients`
 * stays the source of truth, so a stored parse from another parser version is simply made again.
 */
import { PARSER_VERSION, parseIngredientLine } from '../ingredients/ingredient-parser.js';
import type { ParsedIngredient } from '../ingredients/ingredient.types.js';
import { BadRequest } from '../../errors.js';
import { ByteLru, stringBytes } from '../../lib/byte-lru.js';

export interface IngredientLine extends ParsedIngredient {
  /** The heading the line was listed under, or null. */
  group: string | null;
}

export interface IngredientGroup {
  name: string | null;
  ingredients: readonly string[];
}

/** What a parse may occupy: its strings (the line is the key, counted by the cache) and its fields. */
const parseBytes = (p: ParsedIngredient): number => {
  let n = 160;
  for (const s of [p.unit, p.name, p.size, p.preparation, p.comment]) if (s !== null) n += stringBytes(s);
  return n + (p.alternatives?.length ?? 0) * 96;
};

/** The default of PARSE_CACHE_MB (config.ts). */
export const DEFAULT_PARSE_CACHE_BYTES = 8_000_000;

/**
 * Recently parsed lines: the parse is a pure function of the line (for one PARSER_VERSION), and
 * cooks' lines repeat ("1 tsp salt", "2 eggs"), so a write parses only the lines it has not seen
 * lately. Callers get their own copy of the mutable parts. Bounded by bytes: a line may be up to
 * 10,000 characters, so a count of lines would bound nothing.
 */
let recentParses = new ByteLru<string, ParsedIngredient>(DEFAULT_PARSE_CACHE_BYTES, parseBytes);

/** The cache of recent parses (shared by the process: the parse does not depend on the app). */
export function parseCache(): ByteLru<string, ParsedIngredient> {
  return recentParses;
}

/** Sets the budget of the recent parses (PARSE_CACHE_MB); what is kept goes if it changes. */
export function configureParseCache(maxBytes: number): void {
  if (recentParses.maxBytes !== maxBytes) recentParses = new ByteLru<string, ParsedIngredient>(maxBytes, parseBytes);
}

function parseLine(line: string): ParsedIngredient {
  let parsed = recentParses.get(line);
  if (parsed === undefined) recentParses.set(line, parsed = parseIngredientLine(line));
  return parsed.alternatives ? { ...parsed, alternatives: parsed.alternatives.map((a) => ({ ...a })) } : { ...parsed };
}

/** The most `ingredients` may hold (the contract's limit), also for the join of groups. */
export const MAX_INGREDIENTS_LENGTH = 10_000;

/**
 * The lines of an `ingredients` text: one per line. Text on a single line is the contract's
 * "comma separated" form ("arborio rice, saffron, parmesan") and is split at commas, except that
 * a piece the parser reads as a mere preparation or note ("1 onion, finely chopped") stays with
 * the piece before it.
 */
export function splitIngredients(text: string): string[] {
  const lines = text.split(/\r?\n|\r/).map((l) => l.trim()).filter(Boolean);
  if (lines.length !== 1 || !lines[0]!.includes(',')) return lines;
  const pieces: string[] = [];
  for (const raw of lines[0]!.split(',')) {
    const piece = raw.trim();
    if (!piece) continue;
    const parsed = parseLine(piece);
    const onlyDescribes = parsed.quantity === null && parsed.unit === null && parsed.name === null;
    if (pieces.length > 0 && onlyDescribes) pieces[pieces.length - 1] += `, ${piece}`;
    else pieces.push(piece);
  }
  return pieces;
}

/** Parses `ingredients`; `groups[i]` is the heading of line i when known (a stored parse, or the groups given). */
export function parseIngredientsText(text: string, groups: readonly (string | null)[] = []): IngredientLine[] {
  const lines = groups.length > 0 ? text.split(/\r?\n|\r/).map((l) => l.trim()).filter(Boolean) : splitIngredients(text);
  // Headings carry over only when they still line up with the lines (they always do for a re-parse of unchanged text).
  const aligned = groups.length === lines.length;
  return lines.map((line, i) => ({ ...parseLine(line), group: aligned ? groups[i] ?? null : null }));
}

/**
 * `ingredient_groups` as given to create/update (or by an import): the flat `ingredients` text
 * (one item per line, headings left out) and the parsed lines with their headings. Items are
 * trimmed, inner line breaks become spaces, empty items and empty groups are dropped. Throws 400
 * when nothing is left or the text would exceed the contract's 10,000 characters (`lenient`:
 * cut at the limit instead, for imports).
 */
export function fromGroups(groups: readonly IngredientGroup[], lenient = false): { ingredients: string; lines: IngredientLine[] } {
  const { ingredients, items } = groupItems(groups, lenient);
  return { ingredients, lines: linesOfItems(items) };
}

/** One item of `ingredient_groups`: a line and its heading. */
export interface GroupItem { text: string; group: string | null }

/** The lines of `ingredient_groups` parsed, each with its heading. */
export function linesOfItems(items: readonly GroupItem[]): IngredientLine[] {
  return items.map((i) => ({ ...parseLine(i.text), group: i.group }));
}

/** fromGroups without the parse (cheap): the flat text and the items, or the same 400s. */
export function groupItems(groups: readonly IngredientGroup[], lenient = false): { ingredients: string; items: GroupItem[] } {
  const items: GroupItem[] = [];
  let length = 0;
  outer: for (const g of groups) {
    const name = g.name?.replace(/\s+/g, ' ').trim().replace(/:$/, '').trim() || null;
    for (const raw of g.ingredients) {
      const text = raw.replace(/\s+/g, ' ').trim();
      if (!text) continue;
      if (length + text.length + (items.length ? 1 : 0) > MAX_INGREDIENTS_LENGTH) {
        if (lenient) break outer;
        throw BadRequest(`ingredient_groups hold more than ${MAX_INGREDIENTS_LENGTH} characters of ingredients`);
      }
      length += text.length + (items.length ? 1 : 0);
      items.push({ text, group: name });
    }
  }
  if (items.length === 0) {
    if (lenient) return { ingredients: '', items: [] };
    throw BadRequest('ingredient_groups hold no ingredient');
  }
  return { ingredients: items.map((i) => i.text).join('\n'), items };
}

/** The stored parse, or null when it is missing, damaged or from another parser version. */
function storedParse(json: string | null, version: string | null): IngredientLine[] | null {
  if (json === null || version !== PARSER_VERSION) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value as IngredientLine[] : null;
  } catch {
    return null;
  }
}

/** The headings of a stored parse (of any version), so a re-parse keeps them. */
function storedGroups(json: string | null): (string | null)[] {
  if (json === null) return [];
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value) || !value.some((l) => typeof l?.group === 'string')) return [];
    return value.map((l) => (typeof l?.group === 'string' ? l.group : null));
  } catch {
    return [];
  }
}

/**
 * The stored form of a line: exactly the response's IngredientLine of the stored (unscaled)
 * recipe, `display` included, and nothing else, so the stored JSON can be sent as it is
 * (recipe-json.ts). PARSER_VERSION 5 introduced this form; older rows are re-parsed.
 */
export function storedLine(line: IngredientLine): IngredientLine & { display: string } {
  return {
    input: line.input, quantity: line.quantity, quantity_max: line.quantity_max, unit: line.unit, name: line.name,
    size: line.size, preparation: line.preparation, comment: line.comment,
    ...(line.alternatives ? { alternatives: line.alternatives.map((a) => ({ quantity: a.quantity, quantity_max: a.quantity_max, unit: a.unit })) } : {}),
    group: line.group, display: line.input,
  };
}

/**
 * The JSON text of a row's `ingredient_lines` as a response carries them: the stored text itself
 * when it is from the current PARSER_VERSION (written by parseColumns, so valid and of the
 * response's shape), else made now from a fresh parse.
 */
export function ingredientLinesJson(row: { ingredients: string; ingredient_lines: string | null; parser_version: string | null }): string {
  const stored = row.ingredient_lines;
  if (stored !== null && row.parser_version === PARSER_VERSION && stored.startsWith('[') && stored.endsWith(']')) return stored;
  return JSON.stringify(ingredientLinesOf(row).map(storedLine));
}

/** A row's ingredient lines: the stored parse when it is current, else parsed now (keeping the headings). */
export function ingredientLinesOf(row: { ingredients: string; ingredient_lines: string | null; parser_version: string | null }): IngredientLine[] {
  return storedParse(row.ingredient_lines, row.parser_version) ?? parseIngredientsText(row.ingredients, storedGroups(row.ingredient_lines));
}

/** The columns to write with a new `ingredients` text (migration 006). */
export function parseColumns(lines: IngredientLine[]): { ingredient_lines: string; parser_version: string } {
  return { ingredient_lines: JSON.stringify(lines.map(storedLine)), parser_version: PARSER_VERSION };
}

export { PARSER_VERSION };
