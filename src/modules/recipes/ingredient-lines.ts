/**
 * A recipe's parsed ingredient lines: the parse of every line of `ingredients`, with
 * the group heading ("For the sauce") the line came under when the recipe was given by groups.
 * Stored at write time with the PARSER_VERSION that made them (migration 006); `ingredients`
 * stays the source of truth, so a stored parse from another parser version is simply made again.
 */
import { PARSER_VERSION, parseIngredientLine } from '../ingredients/ingredient-parser.js';
import type { ParsedIngredient } from '../ingredients/ingredient.types.js';
import type { IngredientGroupInput } from './recipes.schemas.js';
import type { Static } from 'typebox';
import { BadRequest } from '../../errors.js';
import { ByteLru, stringBytes, type ByteBudgeted } from '../../lib/byte-lru.js';

export interface IngredientLine extends ParsedIngredient {
  /** The heading the line was listed under, or null. */
  group: string | null;
}

/** A recipe's lines and servings as a shopping list takes them (RecipesService.ingredientsOf). */
export interface RecipeIngredients {
  id: number;
  servings: number | null;
  lines: IngredientLine[];
}

/** Lines under one heading, as a write gives them (recipes.schemas.ts IngredientGroupInput). */
export type IngredientGroup = Static<typeof IngredientGroupInput>;

/** What a parse may occupy: its strings (the line is the key, counted by the cache) and its fields. */
const parseBytes = (p: ParsedIngredient): number => {
  let n = 160;
  for (const s of [p.unit, p.name, p.size, p.preparation, p.comment]) if (s !== null) n += stringBytes(s);
  return n + (p.alternatives?.length ?? 0) * 96;
};

/**
 * A kept parse, with the JSON text of its stored form (storedLine) around the heading, which
 * the parse does not know: `head` is everything before "group" (ending in a comma), `tail`
 * everything after the heading's value. A write's stored lines are then joined from these
 * texts, not serialized again line by line.
 */
interface KeptParse {
  parse: ParsedIngredient;
  head: string;
  tail: string;
}

const keptBytes = (k: KeptParse): number => parseBytes(k.parse) + stringBytes(k.head) + stringBytes(k.tail);

/** The default of PARSE_CACHE_MB (config.ts). */
export const DEFAULT_PARSE_CACHE_BYTES = 8_000_000;

/**
 * Recently parsed lines: the parse is a pure function of the line (for one PARSER_VERSION), and
 * cooks' lines repeat ("1 tsp salt", "2 eggs"), so a write parses only the lines it has not seen
 * lately. Callers get their own copy of the mutable parts. Bounded by bytes: a line may be up to
 * 10,000 characters, so a count of lines would bound nothing.
 */
let recentParses = new ByteLru<string, KeptParse>(DEFAULT_PARSE_CACHE_BYTES, keptBytes);

/** The cache of recent parses (shared by the process: the parse does not depend on the app). */
export function parseCache(): ByteBudgeted {
  return recentParses;
}

/** Sets the budget of the recent parses (PARSE_CACHE_MB); what is kept goes if it changes. */
export function configureParseCache(maxBytes: number): void {
  if (recentParses.maxBytes !== maxBytes) recentParses = new ByteLru<string, KeptParse>(maxBytes, keptBytes);
}

function keptParse(line: string): KeptParse {
  let kept = recentParses.get(line);
  if (kept === undefined) {
    const parse = parseIngredientLine(line);
    const { group: _group, display: _display, ...head } = storedLine({ ...parse, group: null });
    const headJson = JSON.stringify(head);
    kept = { parse, head: `${headJson.slice(0, -1)},`, tail: `,"display":${JSON.stringify(parse.input)}}` };
    recentParses.set(line, kept);
  }
  return kept;
}

function parseLine(line: string): ParsedIngredient {
  const parsed = keptParse(line).parse;
  return parsed.alternatives ? { ...parsed, alternatives: parsed.alternatives.map((a) => ({ ...a })) } : { ...parsed };
}

/**
 * The stored columns of lines given with their headings: exactly parseColumns of their parse
 * (`JSON.stringify(lines.map(storedLine))`), joined from the kept texts of each line.
 */
function columnsOfItemsJson(items: readonly GroupItem[]): { ingredient_lines: string; parser_version: string } {
  let json = '[';
  for (let i = 0; i < items.length; i++) {
    const { text, group } = items[i]!;
    const kept = keptParse(text);
    json += `${i > 0 ? ',' : ''}${kept.head}"group":${group === null ? 'null' : JSON.stringify(group)}${kept.tail}`;
  }
  return { ingredient_lines: `${json}]`, parser_version: PARSER_VERSION };
}

/** The stored columns of an `ingredients` text (its lines as parseIngredientsText makes them, without headings). */
export function columnsOfText(text: string): { ingredient_lines: string; parser_version: string } {
  return columnsOfItemsJson(splitIngredients(text).map((line) => ({ text: line, group: null })));
}

/** The stored columns of the items of `ingredient_groups`. */
export function columnsOfItems(items: readonly GroupItem[]): { ingredient_lines: string; parser_version: string } {
  return columnsOfItemsJson(items);
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
  const lines = text
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter(Boolean);
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
  const lines =
    groups.length > 0
      ? text
          .split(/\r?\n|\r/)
          .map((l) => l.trim())
          .filter(Boolean)
      : splitIngredients(text);
  // Headings carry over only when they still line up with the lines (they always do for a re-parse of unchanged text).
  const aligned = groups.length === lines.length;
  return lines.map((line, i) => ({ ...parseLine(line), group: aligned ? (groups[i] ?? null) : null }));
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
export interface GroupItem {
  text: string;
  group: string | null;
}

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

/**
 * The headings of new lines replacing old ones (a PUT with `ingredients` text): lines the
 * text kept keep their heading, so a cook who edits one line does not lose the recipe's groups.
 * 1. Unchanged lines are matched, in order, by the longest common subsequence of the old and
 *    new lines (exact text); each keeps its heading.
 * 2. A line moved elsewhere (the same text as an old line step 1 left unmatched) keeps its heading.
 * 3. Between two matched lines, the other new lines replace the other old ones one for one: the
 *    i-th new line there takes the heading of the i-th old line there (an edited line stays in
 *    its group).
 * 4. Any further new line takes the heading of the line just before it in the new text (a line
 *    added after "2 apples" under "For the filling" joins that group); a line added before
 *    every other line takes the heading of the line after it.
 */
export function carryGroups(old: readonly { input: string; group: string | null }[], lines: readonly string[]): (string | null)[] {
  // The unchanged head and tail are matched directly: the table below is only for the middle
  // (an edit usually touches a few lines, and a whole table of 5,000 × 5,000 lines would be 50 MB).
  let head = 0;
  while (head < old.length && head < lines.length && old[head]!.input === lines[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < lines.length - head && old[old.length - 1 - tail]!.input === lines[lines.length - 1 - tail])
    tail++;
  const out: (string | null | undefined)[] = new Array(lines.length).fill(undefined);
  for (let k = 0; k < head; k++) out[k] = old[k]!.group;
  for (let k = 1; k <= tail; k++) out[lines.length - k] = old[old.length - k]!.group;
  const a = old.slice(head, old.length - tail);
  const b = lines.slice(head, lines.length - tail);
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i]!.input === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  // The matched pairs (indexes into a and b), in order.
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[i]!.input === b[j] && lcs[i]![j] === lcs[i + 1]![j + 1]! + 1) pairs.push([i++, j++]);
    else if (lcs[i]![j + 1]! >= lcs[i + 1]![j]!) j++;
    else i++;
  }
  for (const [i, j] of pairs) out[head + j] = a[i]!.group;
  // A line moved elsewhere (its text among the old lines no match kept) keeps its heading.
  const usedOld = new Set(pairs.map(([i]) => i));
  const usedNew = new Set(pairs.map(([, j]) => j));
  const loose = new Map<string, number[]>();
  for (let i = 0; i < n; i++) if (!usedOld.has(i)) loose.set(a[i]!.input, [...(loose.get(a[i]!.input) ?? []), i]);
  for (let j = 0; j < m; j++) {
    const i = usedNew.has(j) ? undefined : loose.get(b[j]!)?.shift();
    if (i !== undefined) {
      out[head + j] = a[i]!.group;
      usedOld.add(i);
      usedNew.add(j);
    }
  }
  // Between two matched lines: the other new lines take the headings of the old ones they replace, in order.
  const bounds: [number, number][] = [[-1, -1], ...pairs, [n, m]];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const olds: number[] = [];
    const news: number[] = [];
    for (let i = bounds[k]![0] + 1; i < bounds[k + 1]![0]; i++) if (!usedOld.has(i)) olds.push(i);
    for (let j = bounds[k]![1] + 1; j < bounds[k + 1]![1]; j++) if (!usedNew.has(j)) news.push(j);
    for (let x = 0; x < news.length && x < olds.length; x++) out[head + news[x]!] = a[olds[x]!]!.group;
  }
  const count = lines.length;
  for (let k = 1; k < count; k++) if (out[k] === undefined) out[k] = out[k - 1];
  for (let k = count - 1; k >= 0; k--) if (out[k] === undefined) out[k] = k + 1 < count ? out[k + 1] : (old[0]?.group ?? null);
  return out as (string | null)[];
}

/**
 * The stored columns of a new `ingredients` text for a recipe that had `previous`: the headings
 * carried over by carryGroups. A recipe without headings costs nothing.
 */
export function withCarriedGroups<C extends { ingredient_lines: string }>(
  previous: { ingredients: string; ingredient_lines: string | null; parser_version: string | null },
  columns: C,
): C {
  const old = ingredientLinesOf(previous);
  if (!old.some((l) => l.group !== null)) return columns;
  const lines = JSON.parse(columns.ingredient_lines) as { input: string; group: string | null }[];
  const groups = carryGroups(
    old,
    lines.map((l) => l.input),
  );
  lines.forEach((line, k) => {
    line.group = groups[k] ?? null;
  });
  return { ...columns, ingredient_lines: JSON.stringify(lines) };
}

/** The stored parse, or null when it is missing, damaged or from another parser version. */
function storedParse(json: string | null, version: string | null): IngredientLine[] | null {
  if (json === null || version !== PARSER_VERSION) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as IngredientLine[]) : null;
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
    input: line.input,
    quantity: line.quantity,
    quantity_max: line.quantity_max,
    unit: line.unit,
    name: line.name,
    size: line.size,
    preparation: line.preparation,
    comment: line.comment,
    ...(line.alternatives
      ? { alternatives: line.alternatives.map((a) => ({ quantity: a.quantity, quantity_max: a.quantity_max, unit: a.unit })) }
      : {}),
    group: line.group,
    display: line.input,
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
export function ingredientLinesOf(row: {
  ingredients: string;
  ingredient_lines: string | null;
  parser_version: string | null;
}): IngredientLine[] {
  return storedParse(row.ingredient_lines, row.parser_version) ?? parseIngredientsText(row.ingredients, storedGroups(row.ingredient_lines));
}

/** The columns to write with a new `ingredients` text (migration 006). */
export function parseColumns(lines: IngredientLine[]): { ingredient_lines: string; parser_version: string } {
  return { ingredient_lines: JSON.stringify(lines.map(storedLine)), parser_version: PARSER_VERSION };
}

export { PARSER_VERSION };
