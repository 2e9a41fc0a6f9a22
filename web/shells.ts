/**
 * The page shell (index.html) in every language: its `lang`, title, description and noscript text
 * come from the catalogues. index.html is the English shell; index.<lang>.html the others, which
 * the server sends to a browser that chose or prefers that language (src/modules/web/web.routes.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import en from './src/i18n/en.ts';
import ptBR from './src/i18n/pt-BR.ts';

const SHELL_KEYS = ['shell.title', 'shell.description', 'shell.noscript'] as const;
const OTHERS = { 'pt-BR': ptBR } as const;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function fill(html: string, lang: string, messages: Record<(typeof SHELL_KEYS)[number], string>): string {
  let out = html.replace('{{lang}}', lang);
  for (const key of SHELL_KEYS) out = out.replaceAll(`{{${key}}}`, escapeHtml(messages[key]));
  return out;
}

export function shells(): Plugin {
  let template = '';
  return {
    name: 'gourmet-shells',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        template = html;
        return fill(html, 'en', en);
      },
    },
    writeBundle(options, bundle) {
      // The built English page, its placeholders filled again for each other language, and each
      // preloading its catalogue's chunk (fetched alongside the app, not after it).
      const built = bundle['index.html'];
      if (!built || built.type !== 'asset' || !options.dir || !template) return;
      const chunkOf = (lang: string) =>
        Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith(`/i18n/${lang}.ts`))?.fileName;
      const preload = (lang: string, html: string) => {
        const file = chunkOf(lang);
        return file ? html.replace('</head>', `  <link rel="modulepreload" crossorigin href="/${file}">\n</head>`) : html;
      };
      const english = String(built.source);
      fs.writeFileSync(path.join(options.dir, 'index.html'), preload('en', english));
      for (const [lang, messages] of Object.entries(OTHERS)) {
        let html = english.replace('<html lang="en">', `<html lang="${lang}">`);
        for (const key of SHELL_KEYS) html = html.replaceAll(escapeHtml(en[key]), escapeHtml(messages[key]));
        fs.writeFileSync(path.join(options.dir, `index.${lang}.html`), preload(lang, html));
      }
    },
  };
}
