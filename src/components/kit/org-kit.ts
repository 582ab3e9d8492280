/**
 * The "Make your organization's kit" page's code, loaded when <org-kit> connects: the configuration's editor (JSON
 * linting, and the kit's own errors marked on the field they name), "Make the kit" (the files shown and downloaded as
 * a zip), and "Test it" (the escalation battery on the generated template). Everything runs in this browser.
 */
import { EditorView, basicSetup } from 'codemirror';
import { json } from '@codemirror/lang-json';
import { forceLinting, linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { makeKit, OrgConfigError, type KitFile, type OrgConfig } from '../../lib/kit';
import { locateProblems, type KitProblem } from './locate';
import { kitZip, kitZipName } from './zip';
import { testTemplate } from './battery-run';
import { siteTheme } from './editor-theme';
import shippedText from '../../../boundary-lab.org.json?raw';
import acmeText from '../../../labs/org-examples/acme.org.json?raw';

/** Set by astro.config.mjs when the site is built with BOUNDARY_LAB_ORG=FILE: the page then starts from that configuration. */
declare const __BOUNDARY_LAB_ORG__: OrgConfig | undefined;
const builtWith = typeof __BOUNDARY_LAB_ORG__ !== 'undefined' ? __BOUNDARY_LAB_ORG__ : undefined;

const CONFIG_NAME = 'boundary-lab.org.json';
const ABOUT: Record<string, string> = {
  'builder-iam.json': 'CloudFormation template: the builder policy, the permissions boundary and the builder role',
  'scp.json': 'Service control policy: the organization-wide guardrail that makes the boundary mandatory',
  'README.md': 'For the platform team: what each file does, how to deploy it, how to run the battery in CI',
  'boundary-lab.org.json': 'The configuration these files were made from',
};

type Made = { ok: true; config: OrgConfig; files: KitFile[] } | { ok: false; problems: KitProblem[] };

function make(text: string): Made {
  try {
    return { ok: true, ...makeKit(text, CONFIG_NAME) };
  } catch (e) {
    if (!(e instanceof OrgConfigError)) throw e;
    return { ok: false, problems: locateProblems(text, e.message) };
  }
}

function save(name: string, data: BlobPart, type: string) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/**
 * One line of the error list: the field in code, then the rule (the kit's line already starts with the field), and a
 * button that selects the field in the editor: the editor's marks alone are not announced by a screen reader.
 */
function problemItem(p: KitProblem, view: EditorView): HTMLLIElement {
  const li = el('li', undefined, p.field ? { 'data-field': p.field } : {});
  if (p.field && p.message.startsWith(`${p.field}: `)) li.append(el('code', p.field), `: ${p.message.slice(p.field.length + 2)}`);
  else li.append(p.message);
  const go = el('button', 'Show in the editor', { type: 'button', class: 'lab-button lab-button--small' });
  go.addEventListener('click', () => {
    const end = Math.min(p.to, view.state.doc.length);
    view.dispatch({ selection: { anchor: Math.min(p.from, end), head: end }, scrollIntoView: true });
    view.focus();
  });
  li.append(' ', go);
  return li;
}

function fileView(f: KitFile): HTMLDetailsElement {
  const d = el('details', undefined, { 'data-file': f.name });
  const summary = el('summary');
  summary.append(el('code', f.name), ` — ${ABOUT[f.name] ?? ''} (${new TextEncoder().encode(f.text).length.toLocaleString('en')} bytes)`);
  // A scrollable region must take focus to be read with the keyboard (axe: scrollable-region-focusable).
  d.append(summary, el('pre', f.text, { tabindex: '0', 'aria-label': f.name }));
  return d;
}

export function setUpOrgKit(root: HTMLElement): void {
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const host = $('[data-editor]');
  const lint = $('[data-lint]');
  const errors = $('[data-errors]');
  const status = $('[data-status]');
  const makeButton = $<HTMLButtonElement>('[data-make]');
  const kitSection = $('[data-kit]');
  let last: { config: OrgConfig; files: KitFile[]; zip: Uint8Array } | undefined;

  const problems = linter(
    (v): Diagnostic[] => {
      const r = make(v.state.doc.toString());
      lint.textContent = r.ok ? `A valid configuration for ${r.config.organization.name}.` : `${r.problems.length} problem${r.problems.length > 1 ? 's' : ''}: ${r.problems[0].message}`;
      return r.ok ? [] : r.problems.map((p) => ({ from: p.from, to: p.to, severity: 'error' as const, message: p.message }));
    },
    { delay: 300 },
  );
  const initial = builtWith ? `${JSON.stringify(builtWith, null, 2)}\n` : shippedText;
  host.replaceChildren();
  host.removeAttribute('aria-busy');
  const view = new EditorView({
    doc: initial,
    parent: host,
    extensions: [basicSetup, json(), problems, lintGutter(), EditorView.lineWrapping, siteTheme, EditorView.contentAttributes.of({ 'aria-labelledby': 'kit-config-label' })],
  });
  const replace = (text: string) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });

  $<HTMLInputElement>('[data-file]').addEventListener('change', async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) replace(await file.text());
  });
  for (const b of root.querySelectorAll<HTMLButtonElement>('[data-example]')) {
    b.addEventListener('click', () => replace(b.dataset.example === 'acme' ? acmeText : shippedText));
  }

  $('[data-form]').addEventListener('submit', (e) => {
    e.preventDefault();
    const r = make(view.state.doc.toString());
    forceLinting(view);
    if (!r.ok) {
      // Nothing is made and nothing downloaded: the list names each field, the editor marks it.
      last = undefined;
      kitSection.hidden = true;
      $('[data-error-list]').replaceChildren(...r.problems.map((p) => problemItem(p, view)));
      errors.hidden = false;
      status.textContent = `No kit: ${r.problems.length} problem${r.problems.length > 1 ? 's' : ''} in the configuration.`;
      $('#kit-errors-title').focus();
      return;
    }
    errors.hidden = true;
    last = { config: r.config, files: r.files, zip: kitZip(r.files) };
    const c = r.config;
    $('[data-kit-summary]').textContent =
      `${r.files.length} files for ${c.organization.name}: builders assume ${c.builderRole.path}${c.builderRole.name} and create roles under ` +
      `${c.applicationRoles.path} with the boundary ${c.boundary.path}${c.boundary.name}. Downloaded as ${kitZipName(c)} (${last.zip.length.toLocaleString('en')} bytes).`;
    $('[data-files]').replaceChildren(...r.files.map(fileView));
    $('[data-progress]').hidden = true;
    $('[data-report]').hidden = true;
    $('[data-test-status]').textContent = '';
    kitSection.hidden = false;
    status.textContent = 'Kit made.';
    save(kitZipName(c), last.zip as Uint8Array<ArrayBuffer>, 'application/zip');
    $('#kit-files-title').focus();
  });

  $('[data-download]').addEventListener('click', () => {
    if (last) save(kitZipName(last.config), last.zip as Uint8Array<ArrayBuffer>, 'application/zip');
  });
  const testButton = $<HTMLButtonElement>('[data-test]');
  testButton.addEventListener('click', () => {
    const template = last?.files.find((f) => f.name === 'builder-iam.json');
    if (template) testTemplate(template.text, { button: testButton, status: $('[data-test-status]'), progress: $('[data-progress]'), report: $('[data-report]') });
  });
  makeButton.disabled = false;
}
