/**
 * Where the bytes of the variants live. The database store (the default) keeps them in
 * `image_variants` (migration 016), so every instance serves every picture and a backup of the
 * database includes them. Another store (S3-compatible) implements the same three methods; the
 * pictures' sets and the recipes' links stay in the database either way.
 */
import type { Db } from '../../lib/db.js';
import { imagesRepository, type NewImageVariant } from './images.repository.js';

export interface ImageStore {
  /**
   * Stores the variants of a set (idempotent: content-addressed). `trx` is the transaction that
   * links the set to a recipe: the database store writes in it, so a picture and its link are
   * committed together; a store outside the database writes before that transaction commits.
   */
  put(trx: Db, setId: string, variants: readonly NewImageVariant[], createdAt: string): Promise<void>;
  /** The bytes of one variant by its hash, or undefined. */
  get(hash: string): Promise<{ bytes: Buffer; type: string } | undefined>;
  /** Forgets the variants of a set no recipe uses (called in the transaction that removes the set). */
  remove(trx: Db, setId: string, hashes: readonly string[]): Promise<void>;
}

export class DatabaseImageStore implements ImageStore {
  constructor(private readonly db: Db) {}

  put(trx: Db, setId: string, variants: readonly NewImageVariant[], createdAt: string): Promise<void> {
    return imagesRepository.insertVariants(trx, setId, variants, createdAt);
  }

  get(hash: string): Promise<{ bytes: Buffer; type: string } | undefined> {
    return imagesRepository.variantByHash(this.db, hash);
  }

  remove(trx: Db, setId: string): Promise<void> {
    return imagesRepository.deleteVariants(trx, setId);
  }
}
