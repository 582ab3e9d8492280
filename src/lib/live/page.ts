/**
 * Live mode in the page: the live server marks its pages with <meta name="boundary-lab-mode" content="live">. The
 * page holds no secret: the one-time link was exchanged for an HttpOnly session cookie before the page loaded,
 * and every call below carries that cookie.
 */

export interface LiveStatus {
  mode: 'live';
  accountId: string;
  callerArn: string;
  region: string;
  confirmed: boolean;
  baseCredentials: { accessKeyId: string; secretAccessKey: string };
  /** The key the live terminal encrypts its saved state with; it lives only as long as the server. */
  storeKey: string;
}

export function isLiveMode(doc: Document = document): boolean {
  return doc.querySelector('meta[name="boundary-lab-mode"]')?.getAttribute('content') === 'live';
}

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    // POST always: a browser sends Origin on a same-origin POST, and the server requires it on every API call.
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const value = (await res.json()) as T & { message?: string };
  if (!res.ok) throw new Error(value.message ?? `HTTP ${res.status}`);
  return value;
}

export function liveStatus(): Promise<LiveStatus> {
  return api<LiveStatus>('/__live/status');
}

export function confirmAccount(accountId: string): Promise<{ confirmed: boolean }> {
  return api('/__live/confirm', { accountId });
}
