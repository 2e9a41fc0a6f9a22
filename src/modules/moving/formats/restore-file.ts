/** The restore file's name, header and line shape, shared by the export (main thread) and its reader (import worker). */
import type { ImportedGroup } from './common.js';

export const RESTORE_FILE = 'gourmet-restore.jsonl';
export const RESTORE_FORMAT = 'gourmet-restore';
export const RESTORE_VERSION = 1;

/** One recipe line of the restore file. */
export interface RestoreRecipe {
  title: string;
  ingredient_groups: ImportedGroup[];
  /** The parsed lines as the service keeps them (for other tools; the import parses the text again). */
  ingredient_lines: unknown[];
  instructions: string | null;
  time_minutes: number | null;
  servings: number | null;
  source_url: string | null;
  image_url: string | null;
  tags: string[];
  /** The picture's path in the archive, or null. */
  picture: string | null;
  created_at: string;
  updated_at: string;
}
