/**
 * The listing answers a process keeps (GET /recipes, GET /tags), exact by the list version
 * (list-version.ts). Built by the recipes plugin and given to RecipesService; the plugin also
 * decorates them (`recipeListCaches`) for /metrics and tests.
 */
import { BoundedMap } from '../../lib/bounded-map.js';
import { ByteLru, stringBytes } from '../../lib/byte-lru.js';
import type { Clock } from '../../lib/clock.js';
import type { ListVersion } from './list-version.js';

/** A page of a listing, as the JSON text of RecipeList (recipe-json.ts), and the number of matches. */
export type ListResult = { json: string; total: number };
export type TagCounts = { rows: { tag: string; recipes: number }[]; total: number };

/** What a cached answer may occupy (byte-lru.ts estimates: two bytes a character, plus fixed overheads). */
const listResultBytes = (r: ListResult) => stringBytes(r.json) + 16;
const tagCountsBytes = (r: TagCounts) => r.rows.reduce((n, row) => n + stringBytes(row.tag) + 48, 32);

/** Default of LIST_CACHE_MB in config.ts, for services built without it. */
export const DEFAULT_LIST_CACHE_BYTES = 64_000_000;

/** A kept answer; `bytes` is its result's estimated size (each kind of answer knows how to measure its own). */
type CachedAnswer = { token: string; at: number; result: unknown; bytes: number };

/**
 * The answers listings keep, shared by every kind (GET /recipes, GET /tags) so one budget bounds
 * them all. Bounded by bytes, not by count: an answer's size is the size of what users stored
 * (100 recipes of thousands of lines each are tens of MB), so a fixed number of answers is no
 * bound at all. An answer over an eighth of the budget is never kept (src/lib/byte-lru.ts).
 */
export type ListAnswers = ByteLru<string, CachedAnswer>;
export function listAnswers(maxBytes: number): ListAnswers {
  return new ByteLru<string, CachedAnswer>(maxBytes, (e) => 64 + stringBytes(e.token) + e.bytes);
}

/**
 * Remembers recent list results together with the list version's token (list-version.ts) and
 * serves them only while no write to recipes has happened since, so an answer is never stale.
 * Requests that miss together for the same query and token share one database query. Without a
 * version source (PostgreSQL without Redis, where other instances write unseen) nothing is cached.
 */
export class ListCache<R> {
  /**
   * Queries answered lately, without their answers: an answer is kept only for a query asked
   * again (admission on the second request, as TinyLFU's doorkeeper). A stream of distinct
   * searches then stores nothing, instead of filling the cache with pages that are evicted
   * unread (each one survives young-generation collections and is garbage for the old one).
   * Keys are short (a query's parameters, each bounded by the schema), so a count bounds them.
   */
  private readonly askedBefore = new BoundedMap<string, true>(512);
  /** Answers served from the cache, and answers stored in it. */
  readonly stats = { hits: 0, stored: 0 };
  private readonly loading = new Map<string, Promise<R>>();
  constructor(
    /** Distinguishes this kind's keys in the shared store. */
    private readonly kind: string,
    private readonly entries: ListAnswers,
    private readonly sizeOf: (result: R) => number,
    private readonly version: ListVersion | undefined,
    private readonly clock: Clock,
  ) {}

  async get(query: object, load: () => Promise<R>): Promise<R> {
    const version = this.version;
    const token = await version?.current();
    if (!version || token === undefined || this.entries.maxBytes === 0) return load();
    const key = `${this.kind}:${JSON.stringify(query)}`;
    const hit = this.entries.peek(key);
    if (hit && hit.token === token && this.clock() - hit.at <= version.maxAgeMs) {
      this.entries.get(key);
      this.stats.hits++;
      return hit.result as R;
    }
    const flightKey = `${token}|${key}`;
    let pending = this.loading.get(flightKey);
    if (!pending) {
      const at = this.clock();
      const admit = this.askedBefore.has(key);
      if (!admit) this.askedBefore.set(key, true);
      pending = load()
        .then(async (result) => {
          // Only keep it if asked before, and nothing was written while the query ran; the store
          // refuses an answer too large to keep.
          if (admit && (await version.current()) === token) {
            if (this.entries.set(key, { token, at, result, bytes: this.sizeOf(result) })) this.stats.stored++;
          }
          return result;
        })
        .finally(() => this.loading.delete(flightKey));
      this.loading.set(flightKey, pending);
    }
    return pending;
  }
}

/** The caches of both kinds of listing, sharing one store of answers (and so one budget). */
export interface RecipeListCaches {
  answers: ListAnswers;
  recipes: ListCache<ListResult>;
  /** GET /tags counts, cached exactly like listings (a tag change moves the same list version). */
  tags: ListCache<TagCounts>;
}

export function recipeListCaches(maxBytes: number, version: ListVersion | undefined, clock: Clock): RecipeListCaches {
  const answers = listAnswers(maxBytes);
  return {
    answers,
    recipes: new ListCache('recipes', answers, listResultBytes, version, clock),
    tags: new ListCache('tags', answers, tagCountsBytes, version, clock),
  };
}
