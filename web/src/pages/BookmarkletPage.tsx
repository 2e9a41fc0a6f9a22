/** The bookmarklet: drag it to the bookmarks bar, click it on any recipe page. */
import { PageTitle, useTitle } from '../ui';
import { BOOKMARKLET_NONCE_JS } from '../handoff';

/**
 * Opens our import page and hands it the page's HTML by postMessage, addressed to our origin only,
 * with a one-time nonce that is also in the address it opened (see ../handoff.ts).
 */
export function bookmarkletSource(origin: string): string {
  const code = `(()=>{const o=${JSON.stringify(origin)},n=${BOOKMARKLET_NONCE_JS};const w=window.open(o+'/import?via=bookmarklet&nonce='+n);`
    + `if(!w){location.href=o+'/import?url='+encodeURIComponent(location.href);return}`
    + `const h=document.documentElement.outerHTML,u=location.href;`
    + `const f=e=>{if(e.source===w&&e.origin===o&&e.data==='gourmet-import-ready'){w.postMessage({type:'gourmet-import',html:h,url:u,nonce:n},o);removeEventListener('message',f)}};`
    + `addEventListener('message',f)})()`;
  return `javascript:${encodeURIComponent(code)}`;
}

export function urlBookmarkletSource(origin: string): string {
  return `javascript:${encodeURIComponent(`(()=>{window.open(${JSON.stringify(origin)}+'/import?url='+encodeURIComponent(location.href))})()`)}`;
}

export function BookmarkletPage() {
  useTitle('Bookmarklet');
  return (
    <section class="narrow">
      <PageTitle>Import with one click</PageTitle>
      <p>Drag this button to your bookmarks bar. On any recipe page, click the bookmark: the page opens here as a preview, and you decide whether to save it.</p>
      <p class="bookmarklet-row">
        {/* eslint-disable-next-line */}
        <a class="button bookmarklet" href={bookmarkletSource(location.origin)} onClick={(e) => e.preventDefault()}>Send to Gourmet</a>
      </p>
      <p>It sends the page exactly as your browser shows it, so it works for sites that refuse our server and for pages behind your login.
        The import page shows which site sent it; nothing is read until you press “Preview”, and nothing is saved until you press “Save to my recipes”.
        If you dragged the button before, drag it again: the old one is refused.</p>
      <details>
        <summary>A simpler bookmarklet that sends only the address</summary>
        <p>Our server then fetches the page itself (some sites refuse that).</p>
        <p><a class="button button-secondary bookmarklet" href={urlBookmarkletSource(location.origin)} onClick={(e) => e.preventDefault()}>Gourmet: import address</a></p>
      </details>
      <h2>On a phone</h2>
      <p>Copy the page’s address, then paste it on the <a href="/import">import page</a>.</p>
    </section>
  );
}
