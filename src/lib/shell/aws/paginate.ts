/**
 * Auto-pagination as the CLI does it (botocore/paginate.py): call until the output token runs out, merge the result
 * keys, keep the non-aggregate keys, honour --starting-token/--page-size/--max-items with botocore's resume tokens.
 */
import type { Paginator } from './model';
import { CliError, EXIT } from './errors';

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) cur = (cur[part] ??= {}) as Record<string, unknown>;
  cur[parts[parts.length - 1]] = value;
}

/** botocore's TokenEncoder: base64 of the JSON of the token dict (Python's default separators). */
export function encodeToken(token: Record<string, unknown>): string {
  const json = `{${Object.entries(token).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
  return btoa(String.fromCharCode(...new TextEncoder().encode(json)));
}

export function decodeToken(token: string): Record<string, unknown> {
  try {
    const bytes = Uint8Array.from(atob(token), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    throw new CliError(`Bad starting token: ${token}`, EXIT.general);
  }
}

export interface PageOptions {
  StartingToken?: string;
  PageSize?: number;
  MaxItems?: number;
}

export interface Pages {
  pages: Record<string, unknown>[];
  /** The merged result the JSON/table/yaml formats print. */
  full: Record<string, unknown>;
  resumeToken?: string;
}

export async function paginate(
  pager: Paginator,
  params: Record<string, unknown>,
  paging: PageOptions,
  call: (params: Record<string, unknown>) => Promise<Record<string, unknown>>,
): Promise<Pages> {
  const inputTokens = asList(pager.i);
  const outputTokens = asList(pager.o);
  let truncateAmount = 0;
  const request = { ...params };
  if (paging.StartingToken) {
    const decoded = decodeToken(paging.StartingToken);
    truncateAmount = Number(decoded.boto_truncate_amount ?? 0);
    inputTokens.forEach((name) => {
      if (decoded[name] !== undefined) request[name] = decoded[name];
    });
  }
  if (paging.PageSize !== undefined && pager.l) request[pager.l] = paging.PageSize;
  const pages: Record<string, unknown>[] = [];
  const full: Record<string, unknown> = {};
  let count = 0;
  let resumeToken: string | undefined;
  let previous: string | undefined;
  let first = true;
  for (;;) {
    const page = await call({ ...request });
    if (first && truncateAmount) {
      for (const key of pager.r) {
        const v = getPath(page, key);
        if (Array.isArray(v)) setPath(page, key, v.slice(truncateAmount));
      }
    }
    const next = outputTokens.map((t) => getPath(page, t));
    const more = pager.m ? Boolean(getPath(page, pager.m)) : next.some((t) => t !== undefined && t !== null && t !== '');
    const pageItems = pager.r.length ? (getPath(page, pager.r[0]) as unknown[] | undefined)?.length ?? 0 : 0;
    if (paging.MaxItems !== undefined && count + pageItems > paging.MaxItems) {
      const keep = paging.MaxItems - count;
      for (const key of pager.r) {
        const v = getPath(page, key);
        if (Array.isArray(v)) setPath(page, key, v.slice(0, keep));
      }
      const token: Record<string, unknown> = {};
      inputTokens.forEach((name) => (token[name] = request[name] ?? null));
      token.boto_truncate_amount = keep + (first ? truncateAmount : 0);
      resumeToken = encodeToken(token);
      pages.push(page);
      break;
    }
    pages.push(page);
    count += pageItems;
    first = false;
    if (!more) break;
    if (paging.MaxItems !== undefined && count === paging.MaxItems) {
      const token: Record<string, unknown> = {};
      inputTokens.forEach((name, i) => (token[name] = next[i]));
      resumeToken = encodeToken(token);
      break;
    }
    const key = JSON.stringify(next);
    if (key === previous) throw new CliError(`The same next token was received twice: ${JSON.stringify(Object.fromEntries(inputTokens.map((n, i) => [n, next[i]])))}`, EXIT.general);
    previous = key;
    inputTokens.forEach((name, i) => (request[name] = next[i]));
  }
  for (const page of pages) {
    for (const key of pager.r) {
      const v = getPath(page, key);
      if (v === undefined || v === null) continue;
      const existing = getPath(full, key);
      if (existing === undefined) setPath(full, key, Array.isArray(v) ? [...v] : v);
      else if (Array.isArray(v) && Array.isArray(existing)) existing.push(...v);
      else if (typeof v === 'number' && typeof existing === 'number') setPath(full, key, existing + v);
      else if (typeof v === 'string' && typeof existing === 'string') setPath(full, key, existing + v);
    }
  }
  // botocore records every non-aggregate key of the first page, null when absent.
  for (const key of pager.n ?? []) setPath(full, key, getPath(pages[0], key) ?? null);
  if (resumeToken) full.NextToken = resumeToken;
  return { pages, full, resumeToken };
}
