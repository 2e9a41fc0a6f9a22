import { render } from 'preact';
import { App } from './app';
import { interceptLinks } from './router';
import { restoreSession } from './session';
import './styles.css';

interceptLinks();
void restoreSession();
render(<App />, document.getElementById('app')!);
