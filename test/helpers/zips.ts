/**
 * Zips made in the tests, hostile ones included: yazl refuses to write an unsafe name, so such a
 * name is written as a harmless one of the same length and then replaced in the bytes (in the
 * local header and the central directory; the CRC covers the data only).
 */
import yazl from 'yazl';

export interface ZipFile {
  name: string;
  data: Buffer | string;
  /** Unix mode (0o120777 makes a symbolic link). */
  mode?: number;
  /** Stored without compression (the default deflates). */
  store?: boolean;
}

export function makeZip(files: ZipFile[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const f of files) {
    zip.addBuffer(Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data), f.name, {
      mode: f.mode,
      compress: !f.store,
      mtime: new Date(0),
    });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** The zip with every occurrence of the name `placeholder` replaced by `name` (same length in bytes). */
export function renameEntry(zip: Buffer, placeholder: string, name: string): Buffer {
  const from = Buffer.from(placeholder);
  const to = Buffer.from(name);
  if (from.length !== to.length) throw new Error('the placeholder and the name must have the same length');
  const out = Buffer.from(zip);
  let at = out.indexOf(from);
  let n = 0;
  while (at !== -1) {
    to.copy(out, at);
    n++;
    at = out.indexOf(from, at + 1);
  }
  if (n === 0) throw new Error(`placeholder ${placeholder} not found`);
  return out;
}
