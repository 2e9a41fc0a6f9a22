import { render } from 'preact';
import { App } from './app';
import { initialLanguage, setLanguage } from './i18n';
import { interceptLinks } from './router';
import { restoreSession } from './session';
import './styles.css';
import './households.css';

interceptLinks();
void restoreSession();
// The chosen language's catalogue first (a separate chunk unless English), so the first render is in it.
const mount = () => render(<App />, document.getElementById('app')!);
// English when the chosen catalogue cannot be fetched.
setLanguage(initialLanguage())
  .catch(() => setLanguage('en'))
  .then(mount, mount);

// Installable and readable offline (web/public/sw.js); the worker is same-origin (worker-src 'self').
if ('serviceWorker' in navigator && location.protocol !== 'file:') void navigator.serviceWorker.register('/sw.js').catch(() => {});
