/**
 * The JSON text of recipes as listed (recipe-json.ts), kept per recipe for the stored version it
 * was written from, so a listing does not write the same text again. A recipe's ETag is `"id-version"`: every change made through the
 * API moves `version` in the same statement (recipes.repository.ts `update`), so one version has
 * one text. The text also depends on the stored parse's `parser_version` (a row whose parse is
 * outdated is parsed again when read; ingredient-reparse.ts stores the new parse without a new
 * version), so that is part of the key too. A listing reads each page row's key from the
 * database on every request and takes only texts whose key matches; nothing is served from
 * here without the database saying the row is still that version.
 *
 * A text may also be marked with the recipes change counter (migration 002) of a snapshot in
 * which its key was read: the counter moves with every committed change to any recipe, so in any
 * later snapshot with the same counter the row is still in that state, and a page read there as
 * bare ids (sqliteSummaries.pageIds) can take the text without reading the row's version.
 *
 * Bounded by bytes (src/lib/byte-lru.ts: two per character of text, an upper bound), least
 * recently used first out; a text over an eighth of the budget is written but not kept. Per
 * process; nothing to invalidate: a text for an old version is simply never asked for again and
 * ages out.
 */
import type { RecipeRow } from '../../db/tables.js';
import { recipeJson } from './recipe-json.js';
import { ByteLru, stringBytes } from '../../lib/byte-lru.js';

/** What identifies one stored state of a recipe: the columns every listing reads first. */
export type RecipeKey = Pick<RecipeRow, 'id' | 'version' | 'parser_version'>;

interface Entry {
  version: number;
  parserVersion: string | null;
  json: string;
  at: number | undefined;
}

export class RecipeJsonCache {
  /** The texts by recipe id; the bytes counted are the text's (the key and the entry's other fields are small and fixed). */
  readonly texts: ByteLru<number, Entry>;
  /** Texts served from here, and texts written (tests). */
  readonly stats = { hits: 0, writes: 0 };

  /** `maxBytes` 0 keeps nothing (every text is written anew); a text over `maxEntryBytes` (an eighth of the budget by default) is not kept. */
  constructor(
    readonly maxBytes: number,
    maxEntryBytes?: number,
  ) {
    this.texts = new ByteLru<number, Entry>(maxBytes, (e) => stringBytes(e.json) + 32, maxEntryBytes);
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get size(): number {
    return this.texts.size;
  }

  /**
   * The text of the recipe in the state `key` names, if kept; `at` is the counter of the
   * snapshot the key was read in, remembered with the text.
   */
  get(key: RecipeKey, at?: number): string | undefined {
    const e = this.texts.peek(key.id);
    if (e === undefined || e.version !== key.version || e.parserVersion !== key.parser_version) return undefined;
    this.texts.get(key.id);
    if (at !== undefined) e.at = at;
    this.stats.hits++;
    return e.json;
  }

  /** The text of recipe `id` if it was last checked in a snapshot with counter `at`, so is its state in any snapshot with that counter. */
  getAt(id: number, at: number): string | undefined {
    const e = this.texts.peek(id);
    if (e === undefined || e.at !== at) return undefined;
    this.texts.get(id);
    this.stats.hits++;
    return e.json;
  }

  /** The text of a row read from the database (in a snapshot with counter `at`): the kept one for its state, or written now and kept. */
  textOf(row: RecipeRow, at?: number): string {
    const kept = this.get(row, at);
    if (kept !== undefined) return kept;
    const json = recipeJson(row);
    this.stats.writes++;
    if (this.enabled) this.texts.set(row.id, { version: row.version, parserVersion: row.parser_version, json, at });
    return json;
  }
}
