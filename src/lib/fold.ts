/**
 * Case folding for search, one definition for both databases and for the search term alike
 * (`ingredient` and `q` match when the folded term is a substring of the folded text).
 *
 * Full Unicode case folding, as people expect it across languages:
 * - compatibility forms first (NFKC): "ﬁ" is "fi", full-width "ＫＡＬＥ" is "kale";
 * - case mapped through lower, upper and lower again, so characters whose folding is longer
 *   fold fully: "ß" and "ẞ" are "ss" (so "strasse" finds "Straße"), the Kelvin sign "K" is "k";
 * - "İ" (capital I with dot) folds to plain "i", not "i" + combining dot, so "istanbul" finds
 *   "İSTANBUL"; dotless "ı" also folds to "i" (searching without a Turkish keyboard still finds it);
 * - final sigma "ς" is "σ", wherever it stands;
 * - accents are kept: "cafe" does not find "café" (that would be accent folding, not case).
 *
 * ASCII text folds to its ASCII lower case, which is exactly what SQLite's and PostgreSQL's
 * `lower()` give for ASCII; so the databases store a folded copy only of text that is not ASCII
 * (`search_title`/`search_ingredients`, NULL otherwise, migration 007) and search
 * `coalesce(search_x, lower(x))`.
 */
const ASCII = /^[\x00-\x7f]*$/;

export function foldCase(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKC')
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .replace(/i\u0307/g, 'i')
    .replace(/ς/g, 'σ')
    .normalize('NFC');
}

/** The folded copy a recipe stores for `text`: NULL when lower() of the text already is its folding. */
export function storedFold(text: string): string | null {
  return ASCII.test(text) ? null : foldCase(text);
}

export const isAscii = (text: string) => ASCII.test(text);
