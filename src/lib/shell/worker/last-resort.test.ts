/** The sandbox worker's last-resort guard logs escaped errors as internal errors and marks them handled. */
import { describe, expect, it, vi } from 'vitest';
import { keepServingOnEscapedErrors } from './last-resort';

describe('last-resort guard (worker)', () => {
  it('marks an unhandled rejection and an uncaught error handled, logging each as an internal error', () => {
    const scope = new EventTarget();
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      keepServingOnEscapedErrors(scope);
      const rejection = Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason: new Error('escaped') });
      const error = Object.assign(new Event('error', { cancelable: true }), { error: new Error('thrown') });
      scope.dispatchEvent(rejection);
      scope.dispatchEvent(error);
      expect(rejection.defaultPrevented).toBe(true);
      expect(error.defaultPrevented).toBe(true);
      expect(log.mock.calls.map((c) => `${c[0]} ${(c[1] as Error).message}`)).toEqual([
        '[sandbox] internal error (an unhandled rejection escaped; still serving): escaped',
        '[sandbox] internal error (an uncaught exception escaped; still serving): thrown',
      ]);
    } finally {
      log.mockRestore();
    }
  });
});
