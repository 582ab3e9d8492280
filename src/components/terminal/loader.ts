/**
 * The only terminal code a lesson page loads up front: the open/close toggle and the `window.boundaryLab.terminal`
 * API. The terminal itself (xterm, the line editor, the worker holding the sandbox) loads on first open, or on idle
 * when the learner left it open on the previous page.
 */
import type { LabOp } from '../../lib/lab-runtime/remote';
import { installLabApi } from '../../lib/lab-runtime/page';
import { COMMAND_FINISHED_EVENT, type CommandFinished, type TerminalApi } from './api';
import type { Connection } from './connection';

const OPEN_KEY = 'boundaryLab.terminal.open';
const HEIGHT_KEY = 'boundaryLab.terminal.height';

interface Loaded {
  run(text: string): Promise<number>;
  call(op: LabOp): Promise<unknown>;
  reset(): Promise<void>;
  focus(): void;
  fit(): void;
}

function init(root: HTMLElement) {
  // The footer sits inside Starlight's content column, whose stacking context would trap a fixed panel.
  document.body.append(root);
  const panel = root.querySelector<HTMLElement>('[data-panel]')!;
  const toggle = root.querySelector<HTMLButtonElement>('[data-toggle]')!;
  const handle = root.querySelector<HTMLElement>('[data-resize]')!;
  let loading: Promise<Loaded> | undefined;
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));

  // The sandbox worker (the largest download) is asked for first, so it loads beside xterm and the line editor
  // instead of after them (issue 17).
  const load = () =>
    (loading ??= Promise.all([connectOnce(), import('./app')]).then(async ([connection, m]) => {
      const app = await m.mountTerminal(root, {
        connection,
        onFinished: (e: CommandFinished) => window.dispatchEvent(new CustomEvent(COMMAND_FINISHED_EVENT, { detail: e })),
      });
      resolveReady();
      return app;
    }));

  const html = document.documentElement;
  const phone = window.matchMedia('(max-width: 49.99rem)');
  const lessonTab = root.querySelector<HTMLButtonElement>('[data-tab="lesson"]')!;

  // The learner's height goes on <html>: the body, the sidebars and the panel all read it (Terminal.astro).
  const setHeight = (px: number) => {
    const h = Math.max(120, Math.min(Math.round(px), window.innerHeight - 80));
    html.style.setProperty('--bl-terminal-height', `${h}px`);
    handle.setAttribute('aria-valuenow', String(Math.round((h / window.innerHeight) * 100)));
    return h;
  };
  const saveHeight = () => {
    try {
      localStorage.setItem(HEIGHT_KEY, String(parseInt(html.style.getPropertyValue('--bl-terminal-height'), 10) || 0));
    } catch {
      // Private browsing without storage: the size is kept for this page only.
    }
    void loading?.then((a) => a.fit());
  };
  let saved = 0;
  try {
    saved = Number(localStorage.getItem(HEIGHT_KEY));
  } catch {
    saved = 0;
  }
  if (saved) setHeight(saved);

  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    lessonTab.setAttribute('aria-pressed', String(!open));
    html.classList.toggle('bl-terminal-open', open);
    try {
      localStorage.setItem(OPEN_KEY, open ? '1' : '0');
    } catch {
      // Private browsing without storage: the panel just forgets.
    }
  };

  // On phones the on-screen keyboard covers the bottom of the layout viewport: keep the terminal above it.
  const vv = window.visualViewport;
  if (vv) {
    const onViewport = () => {
      const covered = Math.max(0, window.innerHeight - vv.height - vv.offsetTop);
      html.style.setProperty('--bl-keyboard', `${covered}px`);
      html.classList.toggle('bl-keyboard-open', covered > 80);
    };
    vv.addEventListener('resize', onViewport);
    vv.addEventListener('scroll', onViewport);
  }

  const open = async () => {
    setOpen(true);
    const app = await load();
    app.fit();
    app.focus();
  };

  toggle.addEventListener('click', () => {
    if (panel.hidden) void open();
    // On phones the Terminal tab only shows the terminal; the Lesson tab goes back.
    else if (!phone.matches) setOpen(false);
  });
  lessonTab.addEventListener('click', () => setOpen(false));
  root.querySelector('[data-action="close"]')?.addEventListener('click', () => {
    setOpen(false);
    toggle.focus();
  });

  handle.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => setHeight(window.innerHeight - ev.clientY);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      saveHeight();
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up, { once: true });
  });
  handle.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? 80 : 24;
    const now = panel.getBoundingClientRect().height;
    const next = { ArrowUp: now + step, ArrowDown: now - step, Home: window.innerHeight, End: 0 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    setHeight(next);
    saveHeight();
  });

  const api: TerminalApi = {
    ready,
    open,
    close: () => setOpen(false),
    async run(text) {
      await open();
      return (await load()).run(text);
    },
    async focus() {
      await open();
    },
    /** For the lesson components: loads the terminal (and so the sandbox) if needed, without opening the panel. */
    async call(op: LabOp) {
      return (await load()).call(op);
    },
    async reset() {
      await (await load()).reset();
    },
    onCommandFinished(cb) {
      const listener = (e: Event) => cb((e as CustomEvent<CommandFinished>).detail);
      window.addEventListener(COMMAND_FINISHED_EVENT, listener);
      return () => window.removeEventListener(COMMAND_FINISHED_EVENT, listener);
    },
  };
  window.boundaryLab = { ...(window.boundaryLab ?? {}), terminal: api };
  installLabApi();

  let wasOpen = false;
  try {
    wasOpen = localStorage.getItem(OPEN_KEY) === '1';
  } catch {
    wasOpen = false;
  }
  if (wasOpen) {
    setOpen(true);
    // The learner left the terminal open: it is what they are waiting for, so it loads now rather than at idle (the
    // sandbox itself is still running in its worker, kept across the navigation).
    void load();
  } else if (OPENING_PAGE.test(location.pathname.slice(import.meta.env.BASE_URL.replace(/\/?$/, '/').length - 1))) {
    // Issue 17: while the learner reads the opening pages, fetch the terminal and start its sandbox worker at idle
    // priority, so the first lesson's prompt comes from the cache (also where no service worker runs: plain http).
    const idle = window.requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 2000));
    // Only a SharedWorker starts early: a dedicated worker would take the sandbox's lock from another open tab.
    idle(() => void Promise.all([import('./app'), typeof SharedWorker !== 'undefined' && connectOnce()]), { timeout: 10_000 });
  }
}

const OPENING_PAGE = /^\/(?:welcome\/?|concepts\/?)?$/;
// One link to the sandbox per page, held for the page's life: the idle prefetch and the terminal share it.
let connection: Promise<Connection> | undefined;
const connectOnce = () => (connection ??= import('./connection').then((c) => c.connect()));

const root = document.querySelector<HTMLElement>('[data-boundary-lab-terminal]');
if (root) init(root);
