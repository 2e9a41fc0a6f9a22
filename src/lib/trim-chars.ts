/**
 * Trims any of the given characters from the ends of a string by scanning, not with a regular
 * expression: `/[…]+$/` backtracks quadratically on a long run that does not reach the end.
 */
export function trimCharsEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

export function trimCharsStart(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && chars.includes(text[start]!)) start++;
  return text.slice(start);
}
