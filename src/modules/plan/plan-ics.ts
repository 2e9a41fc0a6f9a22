/**
 * The plan as an iCalendar feed (RFC 5545): one all-day event per entry ("Dinner: Saffron
 * risotto"), its note as the description. Lines end in CRLF and are folded at 75 octets; text is
 * escaped (backslash, semicolon, comma, line breaks), so nothing a member typed can add a property.
 */
import type { PlanRow } from './plan.repository.js';
import type { PlanEntry } from './plan.schemas.js';

const SLOT_NAMES = { breakfast: 'Breakfast', lunch: 'Lunch', dinner: 'Dinner', snack: 'Snack' } as const;

const escapeText = (s: string) =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');

/** Folds a content line at 75 octets, never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (octets + n > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
const day = (date: string) => date.replace(/-/g, '');
const nextDay = (date: string) => day(new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));

export function planCalendar(entries: readonly PlanEntry[], rows: readonly PlanRow[], now: string): string {
  const updated = new Map(rows.map((r) => [r.id, r.updated_at]));
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Gourmet//Meal plan//EN', 'CALSCALE:GREGORIAN', 'X-WR-CALNAME:Meal plan'];
  for (const e of entries) {
    const what = e.recipe?.title ?? e.note ?? '';
    lines.push(
      'BEGIN:VEVENT',
      `UID:plan-${e.id}@gourmet`,
      `DTSTAMP:${stamp(updated.get(e.id) ?? now)}`,
      `DTSTART;VALUE=DATE:${day(e.date)}`,
      `DTEND;VALUE=DATE:${nextDay(e.date)}`,
      `SUMMARY:${escapeText(`${SLOT_NAMES[e.slot]}: ${what}`)}`,
    );
    const description = [e.recipe && e.note ? e.note : null, e.servings ? `Servings: ${e.servings}` : null].filter(Boolean).join('\n');
    if (description) lines.push(`DESCRIPTION:${escapeText(description)}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
