/** xterm colours for Starlight's dark and light themes (`data-theme` on <html>). */
import type { ITheme } from '@xterm/xterm';

export const darkTheme: ITheme = {
  background: '#17181c',
  foreground: '#e6e6e6',
  cursor: '#e6e6e6',
  cursorAccent: '#17181c',
  selectionBackground: '#3d4f6b',
  black: '#23262e',
  red: '#ff6b6b',
  green: '#8bd49c',
  yellow: '#ffd479',
  blue: '#7eb6ff',
  magenta: '#d4a6ff',
  cyan: '#7fdbdb',
  white: '#e6e6e6',
  brightBlack: '#7a8190',
  brightRed: '#ff8f8f',
  brightGreen: '#a7e3b4',
  brightYellow: '#ffe0a0',
  brightBlue: '#a3cbff',
  brightMagenta: '#e2c2ff',
  brightCyan: '#a5eaea',
  brightWhite: '#ffffff',
};

export const lightTheme: ITheme = {
  background: '#fafafa',
  foreground: '#1f2328',
  cursor: '#1f2328',
  cursorAccent: '#fafafa',
  selectionBackground: '#b6d4fe',
  black: '#1f2328',
  red: '#b3261e',
  green: '#1a7f37',
  yellow: '#7a5800',
  blue: '#0550ae',
  magenta: '#8250df',
  cyan: '#0b6e79',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#cf222e',
  brightGreen: '#116329',
  brightYellow: '#8a6400',
  brightBlue: '#0969da',
  brightMagenta: '#a475f9',
  brightCyan: '#1b7c83',
  brightWhite: '#24292f',
};

export const currentTheme = (): ITheme => (document.documentElement.dataset.theme === 'light' ? lightTheme : darkTheme);
