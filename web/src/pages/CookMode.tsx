/**
 * Cook mode: the recipe in large type for the kitchen. The screen stays awake (Screen Wake Lock,
 * asked again when the tab comes back, released on leaving), ingredients and steps tick off, each
 * step lists the ingredients it uses, and the durations in a step become timers that ring (a tone
 * through Web Audio, and a notification where the cook allowed them). A chunk of its own: only
 * loaded when the cook opens it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { clock, findTimers, ingredientsInStep } from '../cook';
import { t } from '../i18n';

export interface CookLine {
  text: string;
  name: string | null;
  group: string | null;
}

/** What stays ticked while the recipe's page is open, even when cook mode is closed and opened again. */
export interface CookState {
  ingredients: Set<number>;
  steps: Set<number>;
}

interface Timer {
  id: number;
  label: string;
  step: number;
  seconds: number;
  endsAt: number;
  left: number;
  rang: boolean;
}

interface Sentinel {
  readonly released: boolean;
  release(): Promise<void>;
}

/** Keeps the screen on while mounted, where the browser can; does nothing where it cannot. */
function useWakeLock(): void {
  useEffect(() => {
    const wl = (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<Sentinel> } }).wakeLock;
    if (!wl) return;
    let lock: Sentinel | null = null;
    let live = true;
    const acquire = () => {
      if (lock && !lock.released) return;
      wl.request('screen').then(
        (l) => {
          if (live) lock = l;
          else void l.release();
        },
        () => undefined,
      );
    };
    // The browser drops the lock when the tab is hidden: ask again when it is shown.
    const onVisible = () => {
      if (document.visibilityState === 'visible') acquire();
    };
    acquire();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      document.removeEventListener('visibilitychange', onVisible);
      void lock?.release().catch(() => undefined);
    };
  }, []);
}

let audio: AudioContext | null = null;
/** Created on a click (a browser lets a page make sound only after one). */
function audioContext(): AudioContext | null {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    audio = null;
  }
  return audio;
}

function ring(label: string): void {
  const ctx = audioContext();
  if (ctx) {
    // Three short beeps.
    for (let i = 0; i < 3; i += 1) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.2;
      osc.connect(gain).connect(ctx.destination);
      const at = ctx.currentTime + i * 0.4;
      osc.start(at);
      osc.stop(at + 0.25);
    }
  }
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
    try {
      new Notification(t('cook.timerDone', { label }));
    } catch {
      /* some browsers allow notifications only from a service worker */
    }
  }
}

export function CookMode({ lines, steps, state, onClose }: { lines: CookLine[]; steps: string[]; state: CookState; onClose: () => void }) {
  useWakeLock();
  const [, redraw] = useState(0);
  const [timers, setTimers] = useState<Timer[]>([]);
  const [said, setSaid] = useState('');
  const [alarm, setAlarm] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const nextId = useRef(1);
  useEffect(() => {
    heading.current?.focus();
  }, []);

  // One tick a second while a timer runs; a finished one rings once.
  const running = timers.some((x) => !x.rang);
  useEffect(() => {
    if (!running) return;
    const tick = setInterval(() => {
      const now = Date.now();
      setTimers((all) =>
        all.map((x) => {
          if (x.rang) return x;
          const left = Math.max(0, (x.endsAt - now) / 1000);
          if (left > 0) return { ...x, left };
          ring(x.label);
          setAlarm(t('cook.timerDone', { label: x.label }));
          return { ...x, left: 0, rang: true };
        }),
      );
    }, 1000);
    return () => clearInterval(tick);
  }, [running]);

  const toggle = (set: Set<number>, i: number) => {
    if (set.has(i)) set.delete(i);
    else set.add(i);
    redraw((n) => n + 1);
  };

  const start = (step: number, label: string, seconds: number) => {
    audioContext();
    // Asked on this click only, never on its own.
    if (typeof Notification !== 'undefined' && Notification.permission === 'default')
      void Notification.requestPermission().catch(() => undefined);
    const id = nextId.current++;
    setTimers((all) => [...all, { id, label, step, seconds, endsAt: Date.now() + seconds * 1000, left: seconds, rang: false }]);
    setSaid(t('cook.timerStarted', { label, time: clock(seconds) }));
  };
  const stop = (id: number) => {
    setTimers((all) => all.filter((x) => x.id !== id));
    setAlarm('');
    setSaid(t('cook.timerStopped'));
  };

  const names = lines.map((l) => l.name);
  const groups: { name: string | null; items: { line: CookLine; i: number }[] }[] = [];
  lines.forEach((line, i) => {
    const last = groups[groups.length - 1];
    if (last && last.name === line.group) last.items.push({ line, i });
    else groups.push({ name: line.group, items: [{ line, i }] });
  });

  return (
    <section class="cook" aria-labelledby="cook-title">
      <div class="cook-head">
        <h2 id="cook-title" ref={heading} tabIndex={-1}>
          {t('cook.title')}
        </h2>
        <button type="button" class="button-secondary" onClick={onClose}>
          {t('cook.leave')}
        </button>
      </div>
      <p class="muted">{t('cook.awake')}</p>
      <p class="visually-hidden" role="status" aria-live="polite">
        {said}
      </p>
      <div class="cook-alarm" role="alert">
        {alarm && <p>{alarm}</p>}
      </div>
      {timers.length > 0 && (
        <ul class="cook-timers" aria-label={t('cook.timers')}>
          {timers.map((x) => (
            <li key={x.id} class={x.rang ? 'rang' : ''}>
              <span class="timer-label">{x.label}</span>
              <span class="timer-left">{x.rang ? t('cook.done') : clock(x.left)}</span>
              <button type="button" class="button-secondary" onClick={() => stop(x.id)}>
                {x.rang ? t('cook.dismiss') : t('cook.stop')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="recipe-body">
        <section aria-labelledby="cook-ingredients" class="ingredients">
          <h3 id="cook-ingredients">{t('recipe.ingredients')}</h3>
          {groups.map((g, k) => (
            <div key={k} class="group">
              {g.name && <h4>{g.name}</h4>}
              <ul class="ticks">
                {g.items.map(({ line, i }) => (
                  <li key={i}>
                    <label class="tick">
                      <input type="checkbox" checked={state.ingredients.has(i)} onChange={() => toggle(state.ingredients, i)} />
                      <span>{line.text}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
        <section aria-labelledby="cook-steps" class="steps">
          <h3 id="cook-steps">{t('recipe.method')}</h3>
          <ol class="cook-steps">
            {steps.map((s, i) => {
              const uses = ingredientsInStep(s, names);
              const found = findTimers(s);
              return (
                <li key={i} class={state.steps.has(i) ? 'done' : ''}>
                  <label class="tick">
                    <input type="checkbox" checked={state.steps.has(i)} onChange={() => toggle(state.steps, i)} />
                    <span>{s}</span>
                  </label>
                  {uses.length > 0 && (
                    <p class="uses">
                      <span class="uses-label">{t('cook.uses')}</span> {uses.map((u) => lines[u]!.text).join(' · ')}
                    </p>
                  )}
                  {found.length > 0 && (
                    <p class="actions">
                      {found.map((f, j) => (
                        <button key={j} type="button" class="button-secondary" onClick={() => start(i, f.text, f.seconds)}>
                          {t('cook.startTimer', { time: f.text })}
                        </button>
                      ))}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      </div>
    </section>
  );
}
