/**
 * Import jobs: the upload is read in the worker pool (the archive guard and the format readers)
 * before the job is announced, so a hostile or unreadable file is refused with nothing stored;
 * then its recipes are saved one by one in the background while the client follows the job.
 * One running job per user (a partial unique index, so two uploads racing cannot both start).
 * A recipe already in the account (same source URL, else same title and lines) is skipped unless
 * duplicates are asked for; a recipe that cannot be saved is skipped with its reason.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, NotFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { isUniqueViolation, type Db } from '../../lib/db.js';
import type { ImagesService } from '../images/images.service.js';
import type { RecipesService } from '../recipes/recipes.service.js';
import type { ImportedRecipe } from './formats/common.js';
import type { FormatName } from './formats/index.js';
import type { ImportReader } from './import-reader.js';
import { movingRepository as repo, type ImportJobRow } from './moving.repository.js';
import { SKIP_CODES, SKIP_REASONS, skip, type SkipCode, type Skipped } from './skip-codes.js';

export interface ImportJobView {
  id: string;
  status: 'running' | 'done' | 'failed';
  format: string;
  total: number;
  done: number;
  imported: number[];
  skipped: Skipped[];
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface ImportsServiceDeps {
  db: Db;
  clock: Clock;
  reader: ImportReader;
  recipes: RecipesService;
  images: ImagesService;
  log: FastifyBaseLogger;
}

/** A running job not heard from for this long was left by a stopped process: it no longer blocks a new one. */
const STALE_MS = 10 * 60 * 1000;

/** A job stored before skips had codes: its reasons were exactly the codes' sentences, or a refusal's message. */
const codeOf = (reason: string): SkipCode => SKIP_CODES.find((c) => SKIP_REASONS[c] === reason) ?? 'NOT_SAVED';

export const viewOf = (row: ImportJobRow): ImportJobView => ({
  id: row.id,
  status: row.status as ImportJobView['status'],
  format: row.format,
  total: row.total,
  done: row.done,
  imported: JSON.parse(row.imported) as number[],
  skipped: (JSON.parse(row.skipped) as (Omit<Skipped, 'code'> & { code?: SkipCode })[]).map((s) => ({
    ...s,
    code: s.code ?? codeOf(s.reason),
  })),
  error: row.error,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

const normalisedLines = (lines: string[]) =>
  lines
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');

export class ImportsService {
  private readonly events = new EventEmitter();
  private readonly running = new Set<Promise<void>>();
  private closing = false;

  constructor(private readonly deps: ImportsServiceDeps) {
    this.events.setMaxListeners(0);
  }

  private now(): string {
    return new Date(this.deps.clock()).toISOString();
  }

  /** Claims the user's one running slot, replacing a stale job; 409 IMPORT_RUNNING otherwise. */
  private async claim(userId: number, format: string): Promise<ImportJobRow> {
    const now = this.now();
    const row: ImportJobRow = {
      id: randomUUID(),
      user_id: userId,
      format,
      status: 'running',
      total: 0,
      done: 0,
      imported: '[]',
      skipped: '[]',
      error: null,
      created_at: now,
      updated_at: now,
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await repo.insertJob(this.deps.db, row);
        return row;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const current = await repo.runningJob(this.deps.db, userId);
        if (current && Date.parse(current.updated_at) > this.deps.clock() - STALE_MS) {
          throw new AppError(409, 'IMPORT_RUNNING', 'An import of yours is still running; wait for it to finish', {
            headers: { location: `/imports/${current.id}` },
          });
        }
        if (current) await repo.updateJob(this.deps.db, current.id, { status: 'failed', error: 'The import stopped', updated_at: now });
      }
    }
    throw new AppError(409, 'IMPORT_RUNNING', 'An import of yours is still running; wait for it to finish');
  }

  /**
   * Reads the upload and starts saving its recipes; answers once the file has been read. A
   * refused file (hostile, unreadable, no known format) removes the job: nothing is stored.
   */
  async start(userId: number, bytes: Buffer, format: FormatName | 'auto', duplicates: boolean): Promise<ImportJobView> {
    const job = await this.claim(userId, format);
    let read;
    try {
      read = await this.deps.reader.read(bytes, format, String(userId));
    } catch (err) {
      await repo.deleteJob(this.deps.db, job.id);
      throw err;
    }
    const total = read.recipes.length + read.skipped.length;
    const changes = {
      format: read.format,
      total,
      done: read.skipped.length,
      skipped: JSON.stringify(read.skipped),
      updated_at: this.now(),
    };
    await repo.updateJob(this.deps.db, job.id, changes);
    const started = { ...job, ...changes };
    const work = this.save(started, read.recipes, read.skipped, duplicates).finally(() => this.running.delete(work));
    this.running.add(work);
    return viewOf(started);
  }

  private async save(job: ImportJobRow, recipes: ImportedRecipe[], skipped: Skipped[], duplicates: boolean): Promise<void> {
    const imported: number[] = [];
    let done = job.done;
    const progress = async (status: ImportJobView['status'], error: string | null = null) => {
      const changes = {
        status,
        done,
        imported: JSON.stringify(imported),
        skipped: JSON.stringify(skipped),
        error,
        updated_at: this.now(),
      };
      await repo.updateJob(this.deps.db, job.id, changes);
      this.events.emit(job.id, viewOf({ ...job, ...changes }));
    };
    try {
      for (const r of recipes) {
        if (this.closing) throw new Error('stopping');
        const duplicate = duplicates ? null : await this.duplicateOf(job.user_id, r);
        if (duplicate) skipped.push(skip(r.title, duplicate));
        else {
          const id = await this.saveOne(job.user_id, r, skipped);
          if (id !== null) imported.push(id);
        }
        done++;
        await progress('running');
      }
      await progress('done');
      // Terms the new recipes made common get their search summaries now, not on a user's search.
      if (imported.length > 0) await this.deps.recipes.summariesForNewData();
    } catch (err) {
      this.deps.log.warn({ err }, 'an import failed part way; the recipes saved so far stay');
      // The reason as a user may read it: never a database's own message.
      const why = this.closing
        ? 'The service stopped before the import ended; run it again (what was saved is skipped)'
        : 'Saving the recipes failed part way; run the import again (what was saved is skipped)';
      await progress('failed', why).catch(() => undefined);
    }
  }

  /** Why the recipe is already in the account, or null. */
  private async duplicateOf(userId: number, r: ImportedRecipe): Promise<SkipCode | null> {
    const { db } = this.deps;
    if (r.source_url) return (await repo.recipeWithSource(db, userId, r.source_url)) === undefined ? null : 'DUPLICATE_SOURCE';
    const lines = normalisedLines(r.groups.flatMap((g) => g.ingredients));
    const same = await repo.recipesTitled(db, userId, r.title);
    return same.some((s) => normalisedLines(s.ingredients.split('\n')) === lines) ? 'DUPLICATE_CONTENT' : null;
  }

  private async saveOne(userId: number, r: ImportedRecipe, skipped: Skipped[]): Promise<number | null> {
    const instructions = [r.instructions, r.note ? `Notes:\n${r.note}` : null].filter(Boolean).join('\n\n') || null;
    let id: number;
    try {
      const row = await this.deps.recipes.createFromScraped(userId, {
        title: r.title,
        ingredients: r.groups.flatMap((g) => g.ingredients),
        ingredient_groups: r.groups,
        tags: r.tags,
        time_minutes: r.time_minutes,
        instructions,
        servings: r.servings,
        image_url: r.image_url,
        source_url: r.source_url,
      });
      id = row.id;
    } catch (err) {
      // A refusal of the recipe says why; anything else is logged, not shown.
      if (!(err instanceof AppError)) this.deps.log.warn({ err }, 'an imported recipe could not be saved');
      if (!(err instanceof AppError)) skipped.push(skip(r.title, 'NOT_SAVED'));
      else skipped.push(skip(r.title, err.statusCode === 429 || err.statusCode === 503 ? 'BUSY' : 'NOT_SAVED', err.message));
      return null;
    }
    if (r.picture && r.picture.length > 0) {
      try {
        await this.deps.images.setFromBytes(userId, id, Buffer.from(r.picture.buffer, r.picture.byteOffset, r.picture.byteLength));
      } catch (err) {
        this.deps.log.info({ err: { message: (err as Error).message } }, "an imported recipe's picture was not stored");
      }
    }
    return id;
  }

  async get(userId: number, id: string): Promise<ImportJobView> {
    const row = await repo.getJob(this.deps.db, id);
    // Another user's job is as unknown as a missing one.
    if (!row || row.user_id !== userId) throw NotFound('Import not found');
    return viewOf(row);
  }

  /** Calls `listener` with every change of the job made by this process; returns the unsubscribe. */
  subscribe(id: string, listener: (view: ImportJobView) => void): () => void {
    this.events.on(id, listener);
    return () => this.events.off(id, listener);
  }

  /** Stops saving (running jobs end as failed) and waits for them. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.running]);
    await this.deps.reader.close();
  }

  /** Waits for the jobs running in this process (tests, benchmarks). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
