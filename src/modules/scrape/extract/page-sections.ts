/**
 * The page's HTML read by its sections: the content under a heading ("Ingredients",
 * "Zubereitung", ...) up to the next heading of the same rank, and blocks whose class or id
 * names what they hold. Used by page-heuristics.ts.
 */
import type * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { collapse, elementsIn, hasElementIn, inExcludedArea, isTag, linesOf, SKIP_TAGS } from './text.js';
import { STEP_HEADING } from './vocabulary.js';

const isHeading = (el: Element) => /^h[1-6]$/i.test(el.name);
import type { Line } from './types.js';

type CheerioAPI = cheerio.CheerioAPI;

/**
 * An empty heading (a styling placeholder) ends no section, nor does a heading that is a whole
 * sentence or two (an introduction set in large type at the top of the method).
 */
export const hasText = ($: CheerioAPI, el: Element) => {
  const length = collapse($(el).text()).length;
  return length > 0 && length <= 120;
};

export function headingLevel(el: Element): number {
  const m = /^h([1-6])$/i.exec(el.name);
  return m ? Number(m[1]) : 7;
}

/**
 * Elements whose whole text is a section title such as "Ingredients" or "Zubereitung:". Found
 * from text nodes (linear in the page size), then widened to the outermost element that still
 * holds nothing but that title, so its following siblings are the section body.
 */
export function sectionHeadings($: CheerioAPI, texts: Array<{ node: AnyNode; text: string }>, re: RegExp): Element[] {
  const found: Element[] = [];
  for (const { node, text } of texts) {
    const title = text.replace(/[:：]$/, '').trim();
    if (title.length > 80 || !re.test(title)) continue;
    let el = node.parent as Element | null;
    if (!el || el.type !== 'tag' || inExcludedArea(el)) continue;
    while (
      el.parent &&
      el.parent.type === 'tag' &&
      collapse($(el.parent).text())
        .replace(/[:：]$/, '')
        .trim() === title
    )
      el = el.parent as Element;
    if (
      collapse($(el).text())
        .replace(/[:：]$/, '')
        .trim() !== title
    )
      continue;
    found.push(el);
  }
  return found;
}

/** Lines of the content that follows a heading, up to the next heading of the same or higher rank. */
export function sectionLines(
  $: CheerioAPI,
  heading: Element,
  stop: RegExp,
  preferItems: boolean | 'dominant',
  stopAtSteps = false,
): Line[] {
  const level = headingLevel(heading);
  let anchor: Element = heading;
  for (let climb = 0; climb < 4; climb++) {
    const nodes: AnyNode[] = [];
    for (let sib = anchor.nextSibling; sib; sib = sib.nextSibling) {
      if (sib.type === 'tag') {
        const el = sib as Element;
        if (/^h[1-6]$/i.test(el.name) && headingLevel(el) <= level && hasText($, el)) break;
        const text = collapse($(el).text()).replace(/[:：]$/, '');
        if (text.length <= 50 && stop.test(text)) break;
        // An ingredient section also ends at a list of sentences (the method under a heading not recognised).
        if (stopAtSteps && /^(?:ol|ul)$/i.test(el.name) && readsAsSteps(itemsIn($, [el], true))) break;
        // A later block that holds the next section's title ends this section.
        const inner = elementsIn([el], isHeading, false).filter((h) => hasText($, h));
        if (inner.some((h) => headingLevel(h) <= level || stop.test(collapse($(h).text()).replace(/[:：]$/, '')))) {
          nodes.push(...leadingPart($, el, stop, level));
          break;
        }
      }
      nodes.push(sib);
    }
    const lines = itemsIn($, nodes, preferItems);
    if (lines.length > 0) return lines;
    if (!anchor.parent || anchor.parent.type !== 'tag' || (anchor.parent as Element).name === 'body') break;
    anchor = anchor.parent as Element;
  }
  return [];
}

/** The children of a block that come before the first heading that would end the section. */
export function leadingPart($: CheerioAPI, el: Element, stop: RegExp, level: number): AnyNode[] {
  const out: AnyNode[] = [];
  for (const c of el.children) {
    if (c.type === 'tag') {
      const ce = c as Element;
      const isEnd = (h: Element) => headingLevel(h) <= level || stop.test(collapse($(h).text()).replace(/[:：]$/, ''));
      if (/^h[1-6]$/i.test(ce.name) && hasText($, ce) && isEnd(ce)) break;
      if (elementsIn([ce], isHeading, false).some((h) => hasText($, h) && isEnd(h))) {
        out.push(...leadingPart($, ce, stop, level));
        break;
      }
    }
    out.push(c);
  }
  return out;
}

export const SHOWN_TAB = /(?:^|\s)(?:active|show|selected|is-active|current)(?:\s|$)/;

/**
 * A tab widget in a section (a US / METRIC switch of the ingredients): its tab list is navigation,
 * and of panels side by side only the one shown is read: the one marked active (class or
 * aria-selected tab), else the first. The other panels hold the same lines in other units.
 */
export function withoutHiddenTabs($: CheerioAPI, nodes: AnyNode[]): AnyNode[] {
  const lists = elementsIn(nodes, (el) => el.attribs.role === 'tablist');
  const panels = elementsIn(nodes, (el) => el.attribs.role === 'tabpanel');
  if (lists.length === 0 && panels.length < 2) return nodes;
  const drop = new Set<Element>(lists);
  const groups = new Map<AnyNode | null, Element[]>();
  for (const p of panels) groups.set(p.parent, [...(groups.get(p.parent) ?? []), p]);
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const keep = group.find((p) => SHOWN_TAB.test(p.attribs.class ?? '')) ?? group[0];
    for (const p of group) if (p !== keep) drop.add(p);
  }
  // Read from a copy without the dropped parts; the page itself is left as it is.
  for (const el of drop) el.attribs['data-extract-drop'] = '';
  const copies = nodes
    .filter((n) => !drop.has(n as Element))
    .map((n) => {
      if (n.type !== 'tag') return n;
      const copy = $(n).clone();
      copy.find('[data-extract-drop]').remove();
      return copy[0] as AnyNode;
    });
  for (const el of drop) delete el.attribs['data-extract-drop'];
  return copies;
}

/** List items if there are any, else lines at block boundaries and `<br>`. */
export function itemsIn($: CheerioAPI, given: AnyNode[], preferItems: boolean | 'dominant'): Line[] {
  const nodes = withoutHiddenTabs($, given);
  if (preferItems) {
    const cards = stepCards(nodes);
    if (cards) return cards;
    const lis = elementsIn(nodes, isTag('li')).filter((li) => !hasElementIn(li, isTag('li')));
    // 'dominant': a method written as paragraphs beside a small list (of times, say) is the paragraphs.
    const listShare =
      preferItems === 'dominant' && lis.length ? collapse($(lis).text()).length / Math.max(1, collapse($(nodes).text()).length) : 1;
    if (lis.length && listShare < 0.3) {
      const paragraphs = elementsIn(nodes, isTag('p')).flatMap((p) => linesOf(p));
      if (paragraphs.length) return paragraphs;
    }
    if (lis.length && listShare >= 0.3) {
      return lis
        .map((li) => {
          const parts = linesOf(li);
          return { text: collapse(parts.map((x) => x.text).join(' ')), emphasised: parts.every((x) => x.emphasised) };
        })
        .filter((l) => l.text);
    }
  }
  return nodes.flatMap((n) => linesOf(n));
}

/** The outermost list items among the nodes (not those of a list inside another list item). */
function outerItems(nodes: AnyNode[]): Element[] {
  const out: Element[] = [];
  const walk = (n: AnyNode) => {
    if (n.type !== 'tag') return;
    const el = n as Element;
    if (SKIP_TAGS.has(el.name.toLowerCase())) return;
    if (el.name.toLowerCase() === 'li') {
      out.push(el);
      return;
    }
    for (const c of el.children ?? []) walk(c);
  };
  for (const n of nodes) walk(n);
  return out;
}

/**
 * A method written as step cards: each step a list item holding its number ("Step 1/4"), a
 * photo, lists of its own (the ingredients and tools it uses) and its text in paragraphs. Read
 * as list items, the leaves would be those small lists; each card is one step, its paragraphs.
 * Null when the items are not such cards (an ingredient list grouped under sub-lists has no
 * sentences of its own).
 */
function stepCards(nodes: AnyNode[]): Line[] | null {
  const items = outerItems(nodes);
  if (items.length < 2 || !items.some((li) => hasElementIn(li, isTag('li')))) return null;
  const lines = items
    .map((li) => {
      const own = elementsIn([li], isTag('p'), false).filter((p) => {
        for (let a = p.parent; a && a !== li; a = a.parent)
          if (a.type === 'tag' && (a as Element).name.toLowerCase() === 'li') return false;
        return true;
      });
      return { text: collapse(own.flatMap((p) => linesOf(p).map((l) => l.text)).join(' ')), emphasised: false };
    })
    .filter((l) => l.text);
  return lines.length >= 0.8 * items.length && readsAsSteps(lines) ? lines : null;
}

/** Outermost elements whose class or id names the section ("recipe-ingredients", "instructions"...). */
export function classContainers($: CheerioAPI, re: RegExp): Element[] {
  const out: Element[] = [];
  const walk = (n: AnyNode) => {
    if (n.type !== 'tag' && n.type !== 'root') return;
    const el = n as Element;
    if (n.type === 'tag') {
      const attrs = el.attribs ?? {};
      if (SKIP_TAGS.has(el.name.toLowerCase())) return;
      const page = ['html', 'body', 'main', 'article'].includes(el.name.toLowerCase());
      if (!page && re.test(`${attrs.class ?? ''} ${attrs.id ?? ''}`) && !inExcludedArea(el)) {
        out.push(el);
        return; // outermost only
      }
    }
    for (const c of el.children ?? []) walk(c);
  };
  walk($.root()[0]!);
  return out;
}

/** Most lines are sentences of six words or more ending in a full stop: steps, not ingredient lines. */
export function readsAsSteps(lines: Line[]): boolean {
  const sentences = lines.filter((l) => l.text.split(/\s+/).length >= 6 && /[.!?](?:\s|$)/.test(l.text)).length;
  return lines.length >= 2 && sentences >= 0.6 * lines.length;
}

/**
 * A method written as step cards under their own headings ("Step 1/4", "Étape 2"): each such
 * heading's section is one step (its paragraphs, or all its text when it has none: not the
 * photo, nor the lists of what the step uses beside its text), and the run of them is the
 * method, anchored at the first. Null with fewer than two.
 */
export function stepHeadingSections($: CheerioAPI, headings: Element[]): { anchor: Element; lines: Line[] } | null {
  const labelled = headings.filter((h) => STEP_HEADING.test(collapse($(h).text())));
  if (labelled.length < 2) return null;
  const following = (from: Element): AnyNode[] => {
    const nodes: AnyNode[] = [];
    for (let sib = from.nextSibling; sib; sib = sib.nextSibling) {
      if (sib.type === 'tag' && (isHeading(sib as Element) || elementsIn([sib], isHeading, false).length > 0)) break;
      nodes.push(sib);
    }
    return nodes;
  };
  const lines = labelled
    .map((h) => {
      // A heading alone in its wrapper: the step's text follows the wrapper.
      let nodes = following(h);
      if (!collapse($(nodes).text()) && h.parent?.type === 'tag') nodes = following(h.parent as Element);
      const paragraphs = elementsIn(nodes, isTag('p'));
      const parts = (paragraphs.length ? paragraphs : nodes).flatMap((n) => linesOf(n).map((l) => l.text));
      return { text: collapse(parts.join(' ')), emphasised: false };
    })
    .filter((l) => l.text);
  return lines.length >= 2 ? { anchor: labelled[0]!, lines } : null;
}
