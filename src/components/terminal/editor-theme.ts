/** A dark CodeMirror theme matching the terminal's dark colours (Starlight's dark mode). */
import { EditorView } from '@codemirror/view';

export const oneDarkTheme = EditorView.theme(
  {
    '&': { color: '#e6e6e6', backgroundColor: '#17181c' },
    '.cm-content': { caretColor: '#e6e6e6' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: '#e6e6e6' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': { backgroundColor: '#3d4f6b' },
    '.cm-gutters': { backgroundColor: '#1e2026', color: '#7a8190', border: 'none' },
    '.cm-activeLine': { backgroundColor: '#ffffff0a' },
    '.cm-activeLineGutter': { backgroundColor: '#ffffff10' },
  },
  { dark: true },
);
