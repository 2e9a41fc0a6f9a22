/**
 * The formats an import reads, and the one entry point the import worker calls: the upload's
 * bytes (a zip goes through the archive guard first), the format asked for (or `auto`: the first
 * whose content matches, in the order below, the most specific first), and back the recipes
 * read and those skipped with their reason.
 */
import { isZip, readArchive, type ArchiveEntry, type ArchiveLimits } from '../archive-guard.js';
import { chowdownFormat } from './chowdown.js';
import type { ExportFormat, ExportInput, ImportedRecipe, Skipped } from './common.js';
import { copyMeThatFormat } from './copymethat.js';
import { gourmetFormat } from './gourmet.js';
import { mealieBackupFormat } from './mealie.js';
import { mealieLegacyFormat } from './mealie-legacy.js';
import { myRecipeBoxFormat } from './myrecipebox.js';
import { nextcloudFormat } from './nextcloud.js';
import { paprikaFormat } from './paprika.js';
import { planToEatFormat } from './plantoeat.js';
import { schemaOrgFormat } from './schema-org.js';
import { tandoorFormat } from './tandoor.js';

export const FORMATS: readonly ExportFormat[] = [
  gourmetFormat,
  mealieBackupFormat,
  mealieLegacyFormat,
  tandoorFormat,
  paprikaFormat,
  nextcloudFormat,
  copyMeThatFormat,
  chowdownFormat,
  planToEatFormat,
  myRecipeBoxFormat,
  schemaOrgFormat,
];

import { FORMAT_NAMES, type FormatName } from './names.js';
import { skip } from '../skip-codes.js';
export { FORMAT_NAMES, type FormatName };

/** The upload is none of the formats, or not the one named. */
export class UnreadableExport extends Error {
  override name = 'UnreadableExport';
  constructor(
    readonly code: 'IMPORT_FORMAT_UNKNOWN' | 'IMPORT_FORMAT_MISMATCH',
    message: string,
  ) {
    super(message);
  }
}

export interface UploadRead {
  format: FormatName;
  recipes: ImportedRecipe[];
  skipped: Skipped[];
}

function inputOf(entries: ArchiveEntry[], archive: boolean): ExportInput {
  return { entries, archive };
}

/** Reads an upload; throws ArchiveRefused (hostile archive) or UnreadableExport. */
export async function readUpload(bytes: Buffer, format: FormatName | 'auto', limits: ArchiveLimits): Promise<UploadRead> {
  const archive = isZip(bytes);
  const entries = archive ? await readArchive(bytes, limits) : [{ name: 'upload', data: bytes, nested: false }];
  const input = inputOf(entries, archive);
  const candidates = format === 'auto' ? FORMATS : FORMATS.filter((f) => f.name === format);
  const found = candidates.find((f) => f.detect(input));
  if (!found) {
    throw format === 'auto'
      ? new UnreadableExport('IMPORT_FORMAT_UNKNOWN', 'The file is none of the formats this service reads')
      : new UnreadableExport('IMPORT_FORMAT_MISMATCH', `The file is not a ${format} export`);
  }
  const { recipes, skipped } = found.read(input);
  const kept: ImportedRecipe[] = [];
  for (const r of recipes) {
    const lines = r.groups.reduce((n, g) => n + g.ingredients.length, 0);
    if (!r.title) skipped.push(skip('(no title)', 'NO_TITLE'));
    else if (lines === 0) skipped.push(skip(r.title, 'NO_INGREDIENTS'));
    else kept.push(r);
  }
  return { format: found.name as FormatName, recipes: kept, skipped };
}
