/** The terminal's MDX- and layout-facing components. */
export { default as Terminal } from './Terminal.astro';
export { default as TerminalFooter } from './TerminalFooter.astro';
export type { TerminalApi, CommandFinished } from './api';
