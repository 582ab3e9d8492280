/**
 * Live mode in the page: the live server marks its pages with <meta name="boundary-lab-mode" content="live"> and
 * hands the token in the URL's fragment (never sent to a server, never in a Referer). The page reads it once,
 * keeps it in this origin's storage and takes it out of the address bar.
 */
import { TOKEN_HEADER } from './envelope';

const STORAGE_KEY = 'boundary-lab:live-token';

export interface LiveStatus {
  mode: 'live';
  accountId: string;
  callerArn: string;
  region: string;
  confirmed: boolean;
  baseCredentials: { accessKeyId: string; secretAccessKey: string };
}

export function isLiveMode(doc: Document = document): boolean {
  return doc.querySelector('meta[name="boundary-lab-mode"]')?.getAttribute('content') === 'live';
}

/** Reads the token from `#token=…` (then removes it from the address bar) or from storage. */
export function takeToken(loc: Location = location, storage: Storage = localStorage, hist: History = history): string | undefined {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(loc.hash);
  if (m) {
    storage.setItem(STORAGE_KEY, m[1]);
    hist.replaceState(hist.state, '', `${loc.pathname}${loc.search}`);
    return m[1];
  }
  return storage.getItem(STORAGE_KEY) ?? undefined;
}

async function api<T>(path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    // POST always: a browser sends Origin on a same-origin POST, and the server requires it on every API call.
    method: 'POST',
    headers: { [TOKEN_HEADER]: token, 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const value = (await res.json()) as T & { message?: string };
  if (!res.ok) throw new Error(value.message ?? `HTTP ${res.status}`);
  return value;
}

export function liveStatus(token: string): Promise<LiveStatus> {
  return api<LiveStatus>('/__live/status', token);
}

export function confirmAccount(token: string, accountId: string): Promise<{ confirmed: boolean }> {
  return api('/__live/confirm', token, { accountId });
}
