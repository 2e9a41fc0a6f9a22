/** A recipe's method as the steps of a numbered list. */

// A number the cook or the site already put before a step ("1.", "2)", "3:", "Step 4", "1- Versez",
// "Passo 2 –") or a bullet: the list numbers the steps itself, so they would show twice ("1. 1- Versez").
// A dash counts only before a space and a dot only before a non-digit, so "1-2 hours, …" and
// "1.5 l of stock …" keep their numbers.
const LEADING_NUMBER = /^(?:(?:step|passo|etapa|étape|paso)\s*\d+\s*[.):–—-]?|\d+\s*(?:[.):](?!\d)|[-–—](?=\s)))\s*/iu;
const LEADING_BULLET = /^[•·▪◦*‣-]\s+/u;

/** One step without the number or bullet it was written with. */
export function stripStepNumber(step: string): string {
  return step.replace(LEADING_BULLET, '').replace(LEADING_NUMBER, '').trim();
}

/** Instructions as steps: one per line, or per sentence when they are one paragraph; leading "1." numbering dropped. */
export function steps(instructions: string | null | undefined): string[] {
  if (!instructions) return [];
  let parts = instructions
    .split(/\r?\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 1 && parts[0]!.length > 200) parts = parts[0]!.split(/(?<=[.!?])\s+(?=[A-Z])/);
  return parts.map(stripStepNumber).filter(Boolean);
}
