/**
 * Worker-thread side of the import reader: the archive guard and the format readers, off the
 * event loop that serves the API. The upload arrives as bytes and never touches the disk.
 */
import type { ArchiveLimits } from './archive-guard.js';
import { readUpload, type FormatName } from './formats/index.js';
import { serveTasks } from '../../lib/worker-pool.js';

serveTasks({
  read: (bytes: Uint8Array, format: FormatName | 'auto', limits: ArchiveLimits) =>
    readUpload(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), format, limits),
});
