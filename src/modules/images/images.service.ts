/**
 * The rules of recipes' pictures: who may change one, what is accepted (sniffed, bounded, decoded
 * and re-encoded before anything is stored), and when a picture is removed (when no recipe uses it).
 */
import type { RecipeRow } from '../../db/tables.js';
import type { Db, Dialect } from '../../lib/db.js';
import { Forbidden, NotFound, PayloadTooLarge, UnsupportedMediaType } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { SafeFetcher } from '../scrape/safe-fetch.js';
import { encodeVariants, readHeader, sniffImage, type EncodedImage, type EncodeQueue } from './image-codec.js';
import type { ImageStore } from './image-store.js';
import { imagesRepository } from './images.repository.js';
import type { ByteLru } from '../../lib/byte-lru.js';

/** A variant as it is served: its bytes and their media type. */
export interface CachedVariant {
  bytes: Buffer;
  type: string;
}

/** The path a variant is served at (images.routes.ts): its content hash, so it changes with the picture. */
export const variantPath = (hash: string) => `/images/${hash}.webp`;

export interface ImagesServiceDeps {
  db: Db;
  dialect: Dialect;
  store: ImageStore;
  clock: Clock;
  /** IMAGE_MAX_BYTES and IMAGE_MAX_PIXELS. */
  limits: { maxBytes: number; maxPixels: number };
  queue: EncodeQueue;
  cache: ByteLru<string, CachedVariant>;
  /** The scraper's guarded fetcher, for pictures given by URL. */
  fetcher?: Pick<SafeFetcher, 'fetchBytes'>;
  /** Told after a recipe's picture changed, so listings cached anywhere are not served stale (recipes.service.ts). */
  recipeChanged: () => Promise<void>;
  log: { warn(obj: object, msg: string): void };
}

/** The `image` of a Recipe: the largest variant, and every variant smallest first (for srcset). */
function imageJson(encoded: EncodedImage): string {
  const largest = encoded.variants[0]!;
  const variants = [...encoded.variants]
    .reverse()
    .map((v) => ({ url: variantPath(v.hash), width: v.width, height: v.height, type: v.type }));
  return JSON.stringify({ url: variantPath(largest.hash), width: largest.width, height: largest.height, variants });
}

export class ImagesService {
  constructor(private readonly deps: ImagesServiceDeps) {}

  /** 404 for no such recipe, 403 for another user's: checked before an upload's body is read. */
  async assertOwner(userId: number, recipeId: number): Promise<void> {
    const owner = await imagesRepository.recipeOwner(this.deps.db, recipeId);
    if (owner === undefined) throw NotFound('Recipe not found');
    if (owner !== userId) throw Forbidden('Only the owner can change this recipe');
  }

  /**
   * Makes `bytes` the recipe's picture. Everything that can refuse the picture (415 not one of
   * the five formats by its bytes, 413, 422 unreadable, truncated or too many pixels, 503 busy)
   * happens before anything is written, so a refused upload leaves the old picture in place.
   */
  async setFromBytes(userId: number, recipeId: number, bytes: Buffer): Promise<RecipeRow> {
    const { limits, queue } = this.deps;
    if (bytes.length > limits.maxBytes) throw PayloadTooLarge(`The picture is larger than ${limits.maxBytes} bytes (IMAGE_MAX_BYTES)`);
    const format = sniffImage(bytes);
    if (!format) throw UnsupportedMediaType('Send a JPEG, PNG, WebP, AVIF or GIF picture (its bytes are none of these)');
    await readHeader(bytes, format, limits);
    const encoded = await queue.run(() => encodeVariants(bytes, limits));
    return this.link(userId, recipeId, encoded);
  }

  /** The picture at `url`, fetched through the scraper's guard (SSRF rules, redirects checked, time and size limits). */
  async setFromUrl(userId: number, recipeId: number, url: string): Promise<RecipeRow> {
    await this.assertOwner(userId, recipeId);
    const fetched = await this.fetch(url, String(userId));
    return this.setFromBytes(userId, recipeId, fetched);
  }

  /**
   * An imported recipe's picture: stored like an upload, but a picture that cannot be had (any
   * error: unreachable, refused, not a picture) leaves the recipe without one and is only logged.
   */
  async setFromImport(userId: number, recipeId: number, url: string): Promise<RecipeRow | undefined> {
    try {
      return await this.setFromBytes(userId, recipeId, await this.fetch(url, String(userId)));
    } catch (err) {
      this.deps.log.warn(
        { err: { message: (err as Error).message, code: (err as { code?: string }).code } },
        "the imported page's picture was not stored",
      );
      return undefined;
    }
  }

  private async fetch(url: string, userKey: string): Promise<Buffer> {
    const fetchBytes = this.deps.fetcher?.fetchBytes;
    if (!fetchBytes) throw UnsupportedMediaType('Pictures cannot be fetched by URL here');
    return (await fetchBytes(url, userKey, this.deps.limits.maxBytes)).bytes;
  }

  /** Removes the recipe's picture (nothing to do when it has none). */
  async remove(userId: number, recipeId: number): Promise<void> {
    const { db, dialect, clock } = this.deps;
    const old = await db.transaction().execute(async (trx) => {
      const row = await imagesRepository.lockRecipe(trx, dialect, recipeId);
      if (!row) throw NotFound('Recipe not found');
      if (row.owner_id !== userId) throw Forbidden('Only the owner can change this recipe');
      if (row.image_set === null) return null;
      await imagesRepository.setRecipeImage(trx, recipeId, null, new Date(clock()).toISOString());
      return row.image_set;
    });
    if (old === null) return;
    await this.deps.recipeChanged();
    await this.release(old);
  }

  /**
   * Links the recipe to the encoded picture, storing it (its set and variants) in the same
   * transaction. Lock order: the recipe's row, then the set's (as removeSetIfUnused takes only
   * the set's), so two changes never wait on each other in a circle.
   */
  private async link(userId: number, recipeId: number, encoded: EncodedImage): Promise<RecipeRow> {
    const { db, dialect, clock, store } = this.deps;
    const now = new Date(clock()).toISOString();
    const largest = encoded.variants[0]!;
    const json = imageJson(encoded);
    const { row, old } = await db.transaction().execute(async (trx) => {
      const current = await imagesRepository.lockRecipe(trx, dialect, recipeId);
      if (!current) throw NotFound('Recipe not found');
      if (current.owner_id !== userId) throw Forbidden('Only the owner can change this recipe');
      await imagesRepository.upsertSet(trx, {
        id: encoded.setId,
        width: largest.width,
        height: largest.height,
        variants: json,
        created_at: now,
      });
      await store.put(trx, encoded.setId, encoded.variants, now);
      const updated = await imagesRepository.setRecipeImage(trx, recipeId, { set: encoded.setId, json }, now);
      return { row: updated!, old: current.image_set };
    });
    await this.deps.recipeChanged();
    if (old !== null && old !== encoded.setId) await this.release(old);
    return row;
  }

  /** Removes a picture no recipe uses any more (and keeps one that another recipe still shows). */
  async release(setId: string): Promise<void> {
    const { db, dialect, store, cache } = this.deps;
    try {
      const hashes = await db.transaction().execute(async (trx) => {
        const gone = await imagesRepository.removeSetIfUnused(trx, dialect, setId);
        if (gone.length > 0) await store.remove(trx, setId, gone);
        return gone;
      });
      for (const hash of hashes) cache.delete(hash);
    } catch (err) {
      // The change the caller made stands; the start-up sweep removes what is left.
      this.deps.log.warn({ err }, 'removing an unused picture failed; it is removed at the next start');
    }
  }

  /** Removes every picture no recipe uses (a recipe deleted while its picture changed, a stopped process). */
  async sweep(): Promise<number> {
    let removed = 0;
    // Bounded: a set whose removal keeps failing is listed again every round.
    for (let round = 0; round < 100; round++) {
      const ids = await imagesRepository.unusedSetIds(this.deps.db, 100);
      if (ids.length === 0) return removed;
      for (const id of ids) await this.release(id);
      removed += ids.length;
      if (ids.length < 100) return removed;
    }
    return removed;
  }

  /** A variant's bytes by its hash: from memory when it was served lately, else from the store. */
  async variant(hash: string): Promise<{ bytes: Buffer; type: string } | undefined> {
    const { cache, store } = this.deps;
    const hit = cache.get(hash);
    if (hit) return hit;
    const found = await store.get(hash);
    if (found) cache.set(hash, found);
    return found;
  }
}
