/**
 * Reads an uploaded zip into memory entry by entry, refusing a hostile one before anything from
 * it is used: too many entries (read from the directory, before any entry is inflated), too many
 * expanded bytes (counted while inflating, never trusted from the headers, which a bomb can lie
 * in), too high an expansion ratio, archives nested more than one level, entry names that escape
 * the archive (`../`, absolute, drive letters, NUL, backslashes turning into either) and symbolic
 * links. Nothing is ever written to the file system: entries are Buffers named by their path in
 * the archive, which the format readers only compare and never open.
 */
import yauzl from 'yauzl';

export interface ArchiveLimits {
  maxEntries: number;
  maxExpandedBytes: number;
  maxRatio: number;
}

export interface ArchiveEntry {
  /** The path in the archive; inside a nested archive, `<inner.zip>/<path>`. */
  name: string;
  data: Buffer;
  /** Whether it came out of a nested archive. */
  nested: boolean;
}

export type ArchiveRefusal =
  | 'ARCHIVE_TOO_MANY_ENTRIES'
  | 'ARCHIVE_TOO_LARGE'
  | 'ARCHIVE_RATIO'
  | 'ARCHIVE_UNSAFE_NAME'
  | 'ARCHIVE_SYMLINK'
  | 'ARCHIVE_NESTED'
  | 'ARCHIVE_CORRUPT';

export class ArchiveRefused extends Error {
  override name = 'ArchiveRefused';
  constructor(
    readonly code: ArchiveRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** Entries over this size are held to the ratio on their own too (small text compresses well). */
const RATIO_ENTRY_FLOOR = 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
/** An empty zip is only its end-of-directory record. */
const isEmptyZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x06054b50;

/** Why a name is unsafe, or null. Checked on the raw name, before yauzl turns `\` into `/`. */
export function unsafeName(name: string): string | null {
  if (name.includes('\0')) return 'holds a NUL character';
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return 'is an absolute path';
  if (/^[a-zA-Z]:/.test(slashed)) return 'starts with a drive letter';
  if (slashed.split('/').some((part) => part === '..')) return 'climbs out of the archive (..)';
  return null;
}

interface Budget {
  entries: number;
  bytes: number;
}

function open(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err ? reject(new ArchiveRefused('ARCHIVE_CORRUPT', `The archive cannot be read: ${err.message}`)) : resolve(zip),
    );
  });
}

/** Inflates one entry, stopping as soon as it passes what the budget has left. */
function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: Budget, limits: ArchiveLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(new ArchiveRefused('ARCHIVE_CORRUPT', `An entry cannot be read: ${err.message}`));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        budget.bytes += chunk.length;
        if (budget.bytes > limits.maxExpandedBytes) {
          stream.destroy();
          reject(new ArchiveRefused('ARCHIVE_TOO_LARGE', `The archive expands to more than ${limits.maxExpandedBytes} bytes`));
          return;
        }
        if (size > RATIO_ENTRY_FLOOR && size > Math.max(1, entry.compressedSize) * limits.maxRatio) {
          stream.destroy();
          reject(new ArchiveRefused('ARCHIVE_RATIO', `An entry expands more than ${limits.maxRatio} times (a zip bomb)`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (e: Error) =>
        reject(e instanceof ArchiveRefused ? e : new ArchiveRefused('ARCHIVE_CORRUPT', `An entry cannot be read: ${e.message}`)),
      );
      stream.on('end', () => resolve(Buffer.concat(chunks, size)));
    });
  });
}

async function readLevel(bytes: Buffer, limits: ArchiveLimits, budget: Budget, prefix: string, depth: number): Promise<ArchiveEntry[]> {
  if (isEmptyZip(bytes)) return [];
  const zip = await open(bytes);
  try {
    budget.entries += zip.entryCount;
    if (budget.entries > limits.maxEntries)
      throw new ArchiveRefused('ARCHIVE_TOO_MANY_ENTRIES', `The archive holds more than ${limits.maxEntries} entries`);
    const out: ArchiveEntry[] = [];
    const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
      const list: yauzl.Entry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        list.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve(list));
      zip.on('error', (e: Error) =>
        reject(
          new ArchiveRefused(
            /path|file ?name/i.test(e.message) ? 'ARCHIVE_UNSAFE_NAME' : 'ARCHIVE_CORRUPT',
            `The archive cannot be read: ${e.message}`,
          ),
        ),
      );
      zip.readEntry();
    });
    // Every name and kind is checked before any entry is inflated.
    for (const entry of entries) {
      const why = unsafeName(entry.fileName);
      if (why) throw new ArchiveRefused('ARCHIVE_UNSAFE_NAME', `An entry's name ${why}`);
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK)
        throw new ArchiveRefused('ARCHIVE_SYMLINK', 'The archive holds a symbolic link');
    }
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const data = await inflate(zip, entry, budget, limits);
      const name = prefix + entry.fileName;
      if (isZip(data) || isEmptyZip(data)) {
        if (depth >= 1)
          throw new ArchiveRefused('ARCHIVE_NESTED', 'An archive inside an archive inside the upload: one level of nesting at most');
        out.push(...(await readLevel(data, limits, budget, `${name}/`, depth + 1)));
      } else out.push({ name, data, nested: depth > 0 });
    }
    return out;
  } finally {
    zip.close();
  }
}

/**
 * The files of a zip upload (directories left out; nested archives' files named under the inner
 * archive's name), or ArchiveRefused. The ratio of the whole is checked against the upload's size.
 */
export async function readArchive(bytes: Buffer, limits: ArchiveLimits): Promise<ArchiveEntry[]> {
  const budget: Budget = { entries: 0, bytes: 0 };
  const entries = await readLevel(bytes, limits, budget, '', 0);
  if (budget.bytes > RATIO_ENTRY_FLOOR && budget.bytes > bytes.length * limits.maxRatio)
    throw new ArchiveRefused('ARCHIVE_RATIO', `The archive expands more than ${limits.maxRatio} times (a zip bomb)`);
  return entries;
}

/** Entries that are not recipes: macOS's resource forks and folder settings. */
export const isJunk = (name: string) => name.startsWith('__MACOSX/') || name.includes('/__MACOSX/') || /(^|\/)\.DS_Store$/.test(name);
