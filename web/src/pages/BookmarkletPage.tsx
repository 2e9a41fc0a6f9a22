/** The bookmarklet: drag it to the bookmarks bar, click it on any recipe page. */
import { PageTitle, useTitle } from '../ui';
import { BOOKMARKLET_NONCE_JS } from '../handoff';
import { t } from '../i18n';

/**
 * Opens our import page and hands it the page's HTML by postMessage, addressed to our origin only,
 * with a one-time nonce that is also in the address it opened (see ../handoff.ts).
 */
export function bookmarkletSource(origin: string): string {
  const code =
    `(()=>{const o=${JSON.stringify(origin)},n=${BOOKMARKLET_NONCE_JS};const w=window.open(o+'/import?via=bookmarklet&nonce='+n);` +
    `if(!w){location.href=o+'/import?url='+encodeURIComponent(location.href);return}` +
    `const h=document.documentElement.outerHTML,u=location.href;` +
    `const f=e=>{if(e.source===w&&e.origin===o&&e.data==='gourmet-import-ready'){w.postMessage({type:'gourmet-import',html:h,url:u,nonce:n},o);removeEventListener('message',f)}};` +
    `addEventListener('message',f)})()`;
  return `javascript:${encodeURIComponent(code)}`;
}

export function urlBookmarkletSource(origin: string): string {
  return `javascript:${encodeURIComponent(`(()=>{window.open(${JSON.stringify(origin)}+'/import?url='+encodeURIComponent(location.href))})()`)}`;
}

export function BookmarkletPage() {
  useTitle(t('bookmarklet.pageTitle'));
  return (
    <section class="narrow">
      <PageTitle>{t('bookmarklet.title')}</PageTitle>
      <p>{t('bookmarklet.drag')}</p>
      <p class="bookmarklet-row">
        <a class="button bookmarklet" href={bookmarkletSource(location.origin)} onClick={(e) => e.preventDefault()}>
          {t('bookmarklet.button')}
        </a>
      </p>
      <p>{t('bookmarklet.explain')}</p>
      <details>
        <summary>{t('bookmarklet.simpler')}</summary>
        <p>{t('bookmarklet.simplerText')}</p>
        <p>
          <a class="button button-secondary bookmarklet" href={urlBookmarkletSource(location.origin)} onClick={(e) => e.preventDefault()}>
            {t('bookmarklet.urlButton')}
          </a>
        </p>
      </details>
      <h2>{t('bookmarklet.phone')}</h2>
      <p>
        {t('bookmarklet.phoneText')} <a href="/import">{t('bookmarklet.importPage')}</a>.
      </p>
    </section>
  );
}
