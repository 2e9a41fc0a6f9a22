/**
 * Reading an upload in the import worker pool, with the refusals turned into answers: a hostile
 * archive (413 for its size or entry count, 422 otherwise), a file of no known format (422), a
 * read past its time budget (422; the worker is replaced), a full queue (503).
 */
import { AppError, ServiceUnavailable, type ErrorCode } from '../../errors.js';
import { PoolBusyError, TaskFailedError, TaskTimedOutError, WorkerPool } from '../../lib/worker-pool.js';
import type { MovingConfig } from '../../config-moving.js';
import type { FormatName, UploadRead } from './formats/index.js';

export type ImportReader = { read(bytes: Buffer, format: FormatName | 'auto', key: string): Promise<UploadRead>; close(): Promise<void> };

const WORKER_ENTRY = new URL(`./import.worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

const REFUSALS: Partial<Record<ErrorCode, number>> = {
  ARCHIVE_TOO_MANY_ENTRIES: 413,
  ARCHIVE_TOO_LARGE: 413,
  ARCHIVE_RATIO: 422,
  ARCHIVE_UNSAFE_NAME: 422,
  ARCHIVE_SYMLINK: 422,
  ARCHIVE_NESTED: 422,
  ARCHIVE_CORRUPT: 422,
  IMPORT_FORMAT_UNKNOWN: 422,
  IMPORT_FORMAT_MISMATCH: 422,
};

export function createImportReader(cfg: MovingConfig): ImportReader {
  const pool = new WorkerPool({
    entry: WORKER_ENTRY,
    size: cfg.workers,
    maxQueue: 16,
    taskTimeoutMs: cfg.readBudgetMs,
    maxRunningPerKey: 1,
    // Buffers live outside the heap; the heap holds the parsed JSON of the largest backup.
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  const limits = { maxEntries: cfg.maxEntries, maxExpandedBytes: cfg.maxExpandedBytes, maxRatio: cfg.maxRatio };
  return {
    async read(bytes, format, key) {
      try {
        return (await pool.run('read', [bytes, format, limits], { key })) as UploadRead;
      } catch (err) {
        if (err instanceof TaskTimedOutError)
          throw new AppError(422, 'IMPORT_READ_BUDGET_EXCEEDED', `Reading the file took longer than ${cfg.readBudgetMs} ms`);
        if (err instanceof TaskFailedError && err.code && err.code in REFUSALS)
          throw new AppError(REFUSALS[err.code as ErrorCode]!, err.code as ErrorCode, err.detail ?? err.message);
        if (err instanceof PoolBusyError) throw ServiceUnavailable('Too many imports are being read; try again shortly');
        throw new AppError(422, 'UNPROCESSABLE', 'The file could not be read', { cause: err });
      }
    },
    close: () => pool.close(),
  };
}
