import type { LocalFiles } from './s3';

/** What the `aws` command gets from the shell: its argv, environment, files, output streams and transport. */
export interface AwsCommandIO {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  readFile(path: string): Promise<Uint8Array | undefined>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  stdout(text: string): void;
  stderr(text: string): void;
  signal?: AbortSignal;
  transport: { requestHandler?: unknown; endpoint?: string };
  /** Directory listing, stat and removal, for `aws s3 cp --recursive`, `sync`, `mv` (paths as readFile takes them). */
  files?: Pick<LocalFiles, 'stat' | 'list' | 'remove'>;
  /** Waiters sleep through this (defaults to a timer); tests and the sandbox may shorten it. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}
