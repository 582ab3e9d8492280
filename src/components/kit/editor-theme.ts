/**
 * The configuration editor's colours from Starlight's own variables, so the editor follows the site's light or dark
 * theme the moment it switches (no reload), and every colour is one Starlight keeps readable on its background
 * (the "-high" accents): CodeMirror's default highlight colours are for a light page and fail contrast on a dark one.
 */
import { EditorView } from 'codemirror';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

const theme = EditorView.theme({
  '&': { color: 'var(--sl-color-white)', backgroundColor: 'var(--sl-color-black)' },
  '.cm-content': { caretColor: 'var(--sl-color-white)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--sl-color-white)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': { backgroundColor: 'var(--sl-color-gray-5)' },
  '.cm-gutters': { backgroundColor: 'var(--sl-color-gray-6)', color: 'var(--sl-color-gray-2)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'transparent' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--sl-color-gray-5)', color: 'var(--sl-color-white)' },
});

const highlight = HighlightStyle.define([
  { tag: t.propertyName, color: 'var(--sl-color-blue-high)' },
  { tag: t.string, color: 'var(--sl-color-green-high)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--sl-color-orange-high)' },
  { tag: t.invalid, color: 'var(--sl-color-red-high)' },
]);

/** Replaces basicSetup's fallback highlighting (which yields to any highlighter given). */
export const siteTheme = [theme, syntaxHighlighting(highlight)];
