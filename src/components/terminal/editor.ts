/**
 * The in-page editor behind `edit FILE`, `nano` and `vi`: CodeMirror 6 in a dialog over the terminal, with JSON or
 * YAML highlighting and validation. Save (Ctrl/Cmd-S) writes the file back; Cancel or Esc leaves it as it was.
 */
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { oneDarkTheme } from './editor-theme';
import { languageOf, validate } from './validate';

let current: { dialog: HTMLDialogElement; finish: (text: string | undefined) => void } | undefined;

export function closeEditor(): void {
  current?.finish(undefined);
}

export function openEditor(root: HTMLElement, path: string, text: string): Promise<string | undefined> {
  closeEditor();
  const dialog = root.querySelector<HTMLDialogElement>('[data-editor]')!;
  const host = dialog.querySelector<HTMLElement>('[data-editor-host]')!;
  const title = dialog.querySelector<HTMLElement>('[data-editor-title]')!;
  const status = dialog.querySelector<HTMLElement>('[data-editor-status]')!;
  title.textContent = path;
  host.replaceChildren();
  const lang = languageOf(path);

  return new Promise((resolve) => {
    let done = false;
    const problems = linter((v): Diagnostic[] => {
      const list = validate(path, v.state.doc.toString());
      status.textContent = lang === 'text' ? '' : list.length ? `${list.length} problem${list.length > 1 ? 's' : ''}: ${list[0].message}` : `Valid ${lang.toUpperCase()}`;
      return list.map((p) => ({ ...p, severity: 'error' as const }));
    }, { delay: 250 });
    const finish = (result: string | undefined) => {
      if (done) return;
      done = true;
      current = undefined;
      view.destroy();
      dialog.close();
      resolve(result);
    };
    const save = () => {
      finish(view.state.doc.toString());
      return true;
    };
    const view = new EditorView({
      doc: text,
      parent: host,
      extensions: [
        keymap.of([
          { key: 'Mod-s', run: save, preventDefault: true },
          { key: 'Escape', run: () => (finish(undefined), true) },
        ]),
        basicSetup,
        ...(lang === 'json' ? [json()] : lang === 'yaml' ? [yaml()] : []),
        ...(lang === 'text' ? [] : [problems, lintGutter()]),
        document.documentElement.dataset.theme === 'light' ? [] : oneDarkTheme,
        EditorView.contentAttributes.of({ 'aria-label': `Editing ${path}` }),
      ],
    });
    current = { dialog, finish };
    dialog.querySelector('[data-editor-save]')!.addEventListener('click', save, { once: true });
    dialog.querySelector('[data-editor-cancel]')!.addEventListener('click', () => finish(undefined), { once: true });
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(undefined);
    }, { once: true });
    dialog.show();
    view.focus();
  });
}
