/**
 * Registers the workshop's service worker (./sw.template.js, built to `<base>sw.js`), which keeps the workshop
 * working offline after the first visit. It waits until the page has loaded and, when the terminal is starting, until
 * its prompt is ready, so the precache does not compete with what the learner is waiting for.
 */
const LIVE_META = 'meta[name="boundary-lab-mode"][content="live"]';

async function register() {
  // Live mode talks to AWS through its local server and must not run from a copy; dev builds have no sw.js.
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD || document.querySelector(LIVE_META)) return;
  const terminal = window.boundaryLab?.terminal;
  if (document.documentElement.classList.contains('bl-terminal-open') && terminal) {
    await Promise.race([terminal.ready, new Promise((r) => setTimeout(r, 30_000))]);
  }
  await navigator.serviceWorker.register(`${import.meta.env.BASE_URL.replace(/\/?$/, '/')}sw.js`, { scope: import.meta.env.BASE_URL.replace(/\/?$/, '/') });
}

function whenIdle(cb: () => void) {
  if ('requestIdleCallback' in window) window.requestIdleCallback(cb, { timeout: 5000 });
  else setTimeout(cb, 1000);
}

const start = () => whenIdle(() => void register().catch(() => undefined));
if (document.readyState === 'complete') start();
else window.addEventListener('load', start, { once: true });
