/**
 * The interface's languages: a typed message catalogue per language and Intl for numbers, dates,
 * durations and plurals. Each catalogue is a chunk of its own, loaded before the first render
 * (the page shell the server sends preloads the one it expects), so a reader downloads one
 * language, not all.
 *
 * The choice: a `gourmet_lang` cookie written only when the user picks a language with the switch
 * (a cookie rather than localStorage, because the server reads it too, to send the page shell with
 * the right `lang` and title before any script runs), else the browser's `navigator.languages`.
 */
import { useEffect, useState } from 'preact/hooks';
import type en from './en.ts';

export type PluralForms = { readonly other: string; readonly '=0'?: string } & { readonly [k in Intl.LDMLPluralRule]?: string };
type Widen<V> = V extends string ? string : PluralForms;
/** What a catalogue must hold: exactly the English keys, each a string or plural forms like the English one. */
export type Catalogue = { readonly [K in keyof typeof en]: Widen<(typeof en)[K]> };
export type Key = keyof typeof en;

type Vars<S> = S extends `${string}{${infer P}}${infer R}` ? P | Vars<R> : never;
type VarsOf<V> = V extends string ? Vars<V> : V extends Record<string, string> ? Vars<V[keyof V]> | 'count' : never;
export type Params<K extends Key> = VarsOf<(typeof en)[K]>;
type Args<K extends Key> = [Params<K>] extends [never] ? [] : [Record<Params<K>, string | number>];

/** A message to show later, in whatever language is current then (errors are kept like this). */
export interface Message {
  key: Key;
  params?: Record<string, string | number>;
}

export const LANGUAGES = ['en', 'pt-BR'] as const;
export type Lang = (typeof LANGUAGES)[number];
/** Each language's name in itself, for the switch. */
export const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', 'pt-BR': 'Português (Brasil)' };
export const LANG_COOKIE = 'gourmet_lang';

const loaders: Record<Lang, () => Promise<Catalogue>> = {
  en: async () => (await import('./en.ts')).default,
  'pt-BR': async () => (await import('./pt-BR.ts')).default,
};

let lang: Lang = 'en';
let messages = {} as Catalogue;
const listeners = new Set<(l: Lang) => void>();

export const currentLanguage = () => lang;

/** The first of the user's languages we have: any Portuguese gets pt-BR, any English en; else English. */
export function negotiate(preferences: readonly string[]): Lang {
  for (const p of preferences) {
    const primary = p.trim().toLowerCase().split(/[-_]/)[0];
    if (primary === 'pt') return 'pt-BR';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

export const isLang = (v: unknown): v is Lang => (LANGUAGES as readonly unknown[]).includes(v);

function chosen(): Lang | undefined {
  const m = /(?:^|;\s*)gourmet_lang=([^;]*)/.exec(typeof document === 'undefined' ? '' : document.cookie);
  const v = m ? decodeURIComponent(m[1]!) : undefined;
  return isLang(v) ? v : undefined;
}

export function initialLanguage(): Lang {
  return chosen() ?? negotiate(typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]));
}

/** Switches the interface's language; `remember` (the switch) keeps the choice for a year. */
export async function setLanguage(next: Lang, remember = false): Promise<void> {
  const catalogue = await loaders[next]();
  lang = next;
  messages = catalogue;
  numberFormats.clear();
  if (typeof document !== 'undefined') {
    document.documentElement.lang = next;
    if (remember) {
      const secure = location.protocol === 'https:' ? '; Secure' : '';
      document.cookie = `${LANG_COOKIE}=${encodeURIComponent(next)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
    }
  }
  for (const l of listeners) l(next);
}

/** Re-renders the caller when the language changes. */
export function useLanguage(): Lang {
  const [l, setL] = useState(lang);
  useEffect(() => {
    listeners.add(setL);
    return () => {
      listeners.delete(setL);
    };
  }, []);
  return l;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const id = JSON.stringify(options);
  let f = numberFormats.get(id);
  if (!f) numberFormats.set(id, (f = new Intl.NumberFormat(lang, options)));
  return f;
}

export const formatNumber = (n: number): string => numberFormat().format(n);

function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => {
    const v = params[name];
    return v === undefined ? all : typeof v === 'number' ? formatNumber(v) : v;
  });
}

/** Picks the plural form for `count` (an exact "=0" first, then the language's rule). */
export function pluralForm(forms: PluralForms, count: number, language: string = lang): string {
  if (count === 0 && forms['=0'] !== undefined) return forms['=0'];
  return forms[new Intl.PluralRules(language).select(count)] ?? forms.other;
}

function render(value: string | PluralForms, params?: Record<string, string | number>): string {
  if (typeof value === 'string') return fill(value, params);
  return fill(pluralForm(value, Number(params?.count ?? 0)), params);
}

/** The message for `key` in the current language, its {placeholders} filled in. */
export function t<K extends Key>(key: K, ...args: Args<K>): string {
  return render(messages[key] ?? key, args[0] as Record<string, string | number> | undefined);
}

/** A kept Message, rendered now. */
export function tm(m: Message): string {
  return render(messages[m.key] ?? m.key, m.params);
}

/** "35 min", "1 hr 30 min" / "1 h 30 min": a duration in minutes, or that it is unknown. */
export function formatMinutes(total: number | null | undefined): string {
  if (total === null || total === undefined || !(total > 0)) return t('time.unknown');
  const h = Math.floor(total / 60);
  const m = total % 60;
  const part = (n: number, unit: 'hour' | 'minute') => numberFormat({ style: 'unit', unit, unitDisplay: 'short' }).format(n);
  const parts = [h ? part(h, 'hour') : '', m || !h ? part(m, 'minute') : ''].filter(Boolean);
  return new Intl.ListFormat(lang, { type: 'unit', style: 'narrow' }).format(parts);
}

/** A date the way the reader's language writes it ("3 March 2025" / "3 de março de 2025"). */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(d);
}
