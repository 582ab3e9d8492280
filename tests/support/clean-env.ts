/** The environment without what Vitest adds (NODE_ENV=test, VITEST*, BASE_URL, MODE…), for spawning builds and servers as a user would. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VITEST|__VITEST)/.test(k) || ['NODE_ENV', 'BASE_URL', 'MODE', 'TEST', 'DEV', 'PROD', 'SSR'].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}
