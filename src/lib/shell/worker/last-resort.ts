/**
 * The sandbox worker's last-resort guard (the browser twin of keepServingOnEscapedErrors in the emulator's Node
 * server): an error that escaped every handler is logged as an internal error and marked handled, so the worker keeps
 * answering the terminal.
 */
export function keepServingOnEscapedErrors(scope: Pick<EventTarget, 'addEventListener'> = globalThis): void {
  scope.addEventListener('unhandledrejection', (e) => {
    console.error('[sandbox] internal error (an unhandled rejection escaped; still serving):', (e as PromiseRejectionEvent).reason);
    e.preventDefault();
  });
  scope.addEventListener('error', (e) => {
    console.error('[sandbox] internal error (an uncaught exception escaped; still serving):', (e as ErrorEvent).error ?? (e as ErrorEvent).message);
    e.preventDefault();
  });
}
