/**
 * The learner's files as JSON, for persistence and for the sandbox export: every file and directory under the
 * given roots (the home and /tmp), text as text and anything else as base64.
 */
import type { IFileSystem } from 'just-bash';

export type FileEntry = { dir: true } | { text: string } | { base64: string };
export type FilesSnapshot = Record<string, FileEntry>;

export const PERSISTED_ROOTS = ['/home', '/tmp'];

const utf8 = new TextDecoder('utf-8', { fatal: true });

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export async function snapshotFiles(fs: IFileSystem, roots = PERSISTED_ROOTS): Promise<FilesSnapshot> {
  const out: FilesSnapshot = {};
  const paths = fs.getAllPaths().filter((p) => roots.some((r) => p === r || p.startsWith(`${r}/`))).sort();
  for (const path of paths) {
    const st = await fs.lstat(path);
    if (st.isDirectory) out[path] = { dir: true };
    else if (st.isFile) {
      const bytes = await fs.readFileBuffer(path);
      try {
        out[path] = { text: utf8.decode(bytes) };
      } catch {
        out[path] = { base64: toBase64(bytes) };
      }
    }
    // AWS difference: none. Shell difference: symbolic links are not persisted (the lessons make none).
  }
  return out;
}

/** Replace everything under the roots with the snapshot. */
export async function restoreFiles(fs: IFileSystem, snapshot: FilesSnapshot, roots = PERSISTED_ROOTS): Promise<void> {
  for (const root of roots) {
    if (await fs.exists(root)) await fs.rm(root, { recursive: true, force: true });
    await fs.mkdir(root, { recursive: true });
  }
  for (const [path, entry] of Object.entries(snapshot).sort(([a], [b]) => a.localeCompare(b))) {
    if (!roots.some((r) => path === r || path.startsWith(`${r}/`))) continue;
    if ('dir' in entry) await fs.mkdir(path, { recursive: true });
    else {
      await fs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
      await fs.writeFile(path, 'text' in entry ? entry.text : fromBase64(entry.base64));
    }
  }
}
