/**
 * Ingredient groups ("For the sauce:", "Dough") and recipe tags, shared by every strategy: a
 * strategy hands over its ingredient lines with what it knows about which are group headings,
 * and gets back the flat list and the groups.
 */
import type { IngredientGroup } from './types.js';

export interface IngredientEntry {
  text: string;
  /** The strategy knows this line heads a group (markup says so, or it is bold text without a quantity). */
  heading?: boolean;
}

/** A line that reads like a group heading rather than an ingredient: "For the sauce:", "Glaze:". */
export function looksLikeGroupTitle(line: string): boolean {
  return /[:：]$/.test(line) && !/\d/.test(line) && line.split(/\s+/).length <= 6;
}

/** The flat ingredient list (headings left out) and the groups in page order. */
export function groupIngredients(entries: IngredientEntry[]): { ingredients: string[]; groups: IngredientGroup[] } {
  const groups: IngredientGroup[] = [];
  let current: IngredientGroup | null = null;
  const ingredients: string[] = [];
  for (const e of entries) {
    const text = e.text.trim();
    if (!text) continue;
    if (e.heading || looksLikeGroupTitle(text)) {
      current = { name: text.replace(/[:：]\s*$/, '').trim() || null, ingredients: [] };
      groups.push(current);
      continue;
    }
    if (!current) {
      current = { name: null, ingredients: [] };
      groups.push(current);
    }
    current.ingredients.push(text);
    ingredients.push(text);
  }
  return { ingredients, groups: groups.filter((g) => g.ingredients.length > 0) };
}

/** Keywords, categories and cuisines as tags: split at commas, trimmed, 1–40 characters, case-insensitively unique, at most 20. */
export function normaliseTags(values: unknown[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (v: unknown, depth: number): void => {
    if (out.length >= 20 || depth > 3) return;
    if (Array.isArray(v)) {
      for (const x of v) add(x, depth + 1);
      return;
    }
    if (v && typeof v === 'object') {
      add((v as Record<string, unknown>).name, depth + 1);
      return;
    }
    if (typeof v !== 'string') return;
    for (const part of v.split(/[,;]/)) {
      const tag = part.replace(/\s+/g, ' ').trim();
      if (tag.length < 1 || tag.length > 40) continue;
      const key = tag.toLocaleLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(tag);
      if (out.length >= 20) return;
    }
  };
  for (const v of values) add(v, 0);
  return out;
}
