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
 * bare ids (searchSummaries.pageIds) can take the text without reading the row's version.
 *
 * Bounded by characters, oldest stored first out. Per process; nothing to invalidate: a text
 * for an old version is simply never asked for again and ages out.
 */
import type { RecipeRow } from '../../db/tables.js';
import { recipeJson } from './recipe-json.js';

/** What identifies one stored state of a recipe: the columns every listing reads first. */
export type RecipeKey = Pick<RecipeRow, 'id' | 'version' | 'parser_version'>;

interface Entry { version: number; parserVersion: string | null; json: string; at: number | undefined }

export class RecipeJsonCache {
  private readonly entries = new Map<number, Entry>();
  private chars = 0;
  /** Texts served from here, and texts written (tests). */
  readonly stats = { hits: 0, writes: 0 };

  /** `maxChars` 0 keeps nothing (every text is written anew). */
  constructor(readonly maxChars: number) {}

  get enabled(): boolean {
    return this.maxChars > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The text of the recipe in the state `key` names, if kept; `at` is the counter of the
   * snapshot the key was read in, remembered with the text.
   */
  get(key: RecipeKey, at?: number): string | undefined {
    const e = this.entries.get(key.id);
    if (e === undefined || e.version !== key.version || e.parserVersion !== key.parser_version) return undefined;
    if (at !== undefined) e.at = at;
    this.stats.hits++;
    return e.json;
  }

  /** The text of recipe `id` if it was last checked in a snapshot with counter `at`, so is its state in any snapshot with that counter. */
  getAt(id: number, at: number): string | undefined {
    const e = this.entries.get(id);
    if (e === undefined || e.at !== at) return undefined;
    this.stats.hits++;
    return e.json;
  }

  /** The text of a row read from the database (in a snapshot with counter `at`): the kept one for its state, or written now and kept. */
  textOf(row: RecipeRow, at?: number): string {
    const kept = this.get(row, at);
    if (kept !== undefined) return kept;
    const json = recipeJson(row);
    this.stats.writes++;
    if (json.length > this.maxChars) return json;
    const old = this.entries.get(row.id);
    if (old !== undefined) {
      this.entries.delete(row.id);
      this.chars -= old.json.length;
    }
    while (this.chars + json.length > this.maxChars) {
      const [oldestId, oldest] = this.entries.entries().next().value!;
      this.entries.delete(oldestId);
      this.chars -= oldest.json.length;
    }
    this.entries.set(row.id, { version: row.version, parserVersion: row.parser_version, json, at });
    this.chars += json.length;
    return json;
  }
}
