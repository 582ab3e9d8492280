/**
 * Opens the browser on the one-time link without putting the token in any process's argv (where `ps` shows it to
 * every user of the machine): the browser is given a temporary HTML file, readable only by this user, that
 * redirects to the link, as Jupyter does. The file goes when the server stops.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function redirectPage(link: string): string {
  const href = link.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Boundary Lab</title></head>
<body><p><a href="${href}">Open Boundary Lab (live mode)</a></p></body></html>\n`;
}

/** Writes the redirect file (0600, in a fresh 0700 directory); returns its path and a function that removes it. */
export function writeRedirectFile(link: string): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'boundary-lab-'));
  const file = join(dir, 'open-live.html');
  writeFileSync(file, redirectPage(link), { mode: 0o600 });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The platform's opener and its argv for the redirect file: a file path, never the token. */
export function openerCommand(file: string, platform: NodeJS.Platform = process.platform): [string, string[]] {
  const url = pathToFileURL(file).href;
  return platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['explorer', [file]] : ['xdg-open', [url]];
}

export function openInBrowser(file: string): void {
  const [cmd, args] = openerCommand(file);
  spawn(cmd, args, { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
}
