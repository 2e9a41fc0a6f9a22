/** The page's HTML read by its labels: "Total time: 45 min", "<span>Personnes</span><span>6</span>". Used by page-heuristics.ts. */
import type * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { LABELS, SERVING_UNIT, splitLabel } from './vocabulary.js';
import { pageIndex } from './page-meta.js';
import { collapse } from './text.js';

type CheerioAPI = cheerio.CheerioAPI;

/**
 * The short text that follows a label element: its next sibling, or the rest of its parent's
 * text, looking up a few levels while the ancestors hold nothing but the label.
 */
export function valueNextTo($: CheerioAPI, labelEl: Element, labelText: string): string {
  let cur: Element = labelEl;
  for (let depth = 0; depth < 4; depth++) {
    const text = collapse($(cur).text());
    if (text !== labelText) {
      const rest = text.startsWith(labelText) ? text.slice(labelText.length).replace(/^\s*[:：]\s*/, '') : '';
      return rest.length <= 40 ? rest : '';
    }
    const next = collapse($(cur).next().text());
    if (next) return next.length <= 40 ? next : '';
    if (!cur.parent || cur.parent.type !== 'tag') return '';
    cur = cur.parent as Element;
  }
  return '';
}

/** Values next to labels like "Total Time: 27 minutes" or "<span>Personnes</span><span>6</span>". */
export function labelledValues(
  $: CheerioAPI,
  texts: Array<{ node: AnyNode; text: string }>,
): { total?: string; prep?: string; cook?: string; servings?: string } {
  const out: { total?: string; prep?: string; cook?: string; servings?: string } = {};
  for (const { node, text } of texts) {
    if (text.length > 60) continue;
    const m = splitLabel(text);
    if (!m) continue;
    const label = m.label.trim();
    const kind = (Object.keys(LABELS) as Array<keyof typeof LABELS>).find((k) => LABELS[k].test(label));
    if (!kind || out[kind]) continue;
    let value = m.value.trim();
    const el = node.parent as Element | null;
    if (!value && el && el.type === 'tag') value = valueNextTo($, el, text);
    if (!value || !/\d/.test(value)) continue;
    out[kind] = value;
  }
  // An icon as the label: <li><img alt="time"> 30mins</li> (the icon's text names the value beside it).
  for (const icon of pageIndex($).all.filter(
    (el) => (el.name === 'img' && el.attribs.alt !== undefined) || el.attribs['aria-label'] !== undefined,
  )) {
    const label = collapse(icon.attribs.alt ?? icon.attribs['aria-label'] ?? '');
    if (!label || label.length > 30) continue;
    const kind = (Object.keys(LABELS) as Array<keyof typeof LABELS>).find((k) => LABELS[k].test(label));
    if (!kind || out[kind] || !icon.parent || icon.parent.type !== 'tag') continue;
    const value = collapse($(icon.parent).text());
    if (value && value.length <= 30 && /\d/.test(value)) out[kind] = value;
  }
  if (!out.servings) {
    // "<span>6</span> Servings", "4 porções": the number comes first.
    for (const { node, text } of texts) {
      if (!SERVING_UNIT.test(text.replace(/^[\d\s–-]+/, '')) || text.length > 40) continue;
      const el = node.parent as Element | null;
      const around = el && el.type === 'tag' ? collapse($(el).text()) : text;
      const candidate = [text, around].find(
        (t) => /^\d/.test(t) && t.length <= 40 && SERVING_UNIT.test(t.replace(/^[\d\s–-]+(?:(?:to|a|à|bis)\s+\d+\s*)?/i, '')),
      );
      if (candidate) {
        out.servings = candidate;
        break;
      }
    }
  }
  return out;
}
