/**
 * The "Test your own builder model" page: editors with JSON/YAML linting (the terminal's validate.ts), file
 * uploads, a run in the battery's own Worker with progress per technique, the report, and the exports.
 */
import { EditorView, basicSetup } from 'codemirror';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { languageOf, validate } from '../terminal/validate';
import { showTechniqueProgress } from './progress-view';
import type { BatteryReply, BatteryRequest } from '../../lib/shell/worker/battery-worker';
import type { Report } from '../../lib/battery/types';
import { summaryText, techniqueView } from './report-view';
import labTemplate from '../../../labs/builder-iam.json?raw';

type Field = 'template' | 'builderPolicy' | 'boundary';

const EXAMPLE_BOUNDARY = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Sid: 'DataPlaneOnly', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:PutObject'], Resource: '*' }] },
  null,
  2,
);

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

class BatteryRunner extends HTMLElement {
  private editors = new Map<Field, EditorView>();
  private names = new Map<Field, string>();
  private worker?: Worker;
  private runId = 0;
  private last?: { report: Report; sarif: object };

  connectedCallback() {
    const initial: Record<Field, string> = {
      template: labTemplate,
      builderPolicy: JSON.stringify(JSON.parse(labTemplate).Resources.BuilderPolicy.Properties.PolicyDocument, null, 2).replace(/\{\s*"Fn::Sub": "([^"]*)"\s*\}/g, (_m, s: string) => JSON.stringify(s.replace('${AWS::Partition}', 'aws').replace('${AWS::AccountId}', '123456789012'))),
      boundary: EXAMPLE_BOUNDARY,
    };
    for (const host of this.querySelectorAll<HTMLElement>('[data-editor]')) {
      const field = host.dataset.editor as Field;
      this.names.set(field, field === 'template' ? 'labs/builder-iam.json' : host.dataset.path!);
      this.editors.set(field, this.editor(host, field, initial[field]));
    }
    for (const input of this.querySelectorAll<HTMLInputElement>('[data-file]')) {
      input.addEventListener('change', async () => {
        const file = input.files?.[0];
        if (!file) return;
        const field = input.dataset.file as Field;
        this.names.set(field, file.name);
        const view = this.editors.get(field)!;
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: await file.text() } });
      });
    }
    for (const radio of this.querySelectorAll<HTMLInputElement>('input[name="kind"]')) {
      radio.addEventListener('change', () => {
        for (const panel of this.querySelectorAll<HTMLElement>('[data-panel]')) panel.hidden = panel.dataset.panel !== radio.value;
      });
    }
    this.querySelector('[data-form]')!.addEventListener('submit', (e) => {
      e.preventDefault();
      this.run();
    });
    for (const b of this.querySelectorAll<HTMLButtonElement>('[data-export]')) {
      b.addEventListener('click', () => {
        if (!this.last) return;
        if (b.dataset.export === 'json') download('battery-report.json', `${JSON.stringify(this.last.report, null, 2)}\n`);
        else download('battery-report.sarif', `${JSON.stringify(this.last.sarif, null, 2)}\n`);
      });
    }
  }

  private editor(host: HTMLElement, field: Field, doc: string): EditorView {
    const lint = this.querySelector<HTMLElement>(`[data-lint="${field}"]`)!;
    const path = () => this.names.get(field) ?? host.dataset.path!;
    const problems = linter((v): Diagnostic[] => {
      const list = validate(path(), v.state.doc.toString());
      lint.textContent = list.length ? `${list.length} problem${list.length > 1 ? 's' : ''}: ${list[0].message}` : `Valid ${languageOf(path()).toUpperCase()}`;
      return list.map((p) => ({ ...p, severity: 'error' as const }));
    }, { delay: 250 });
    const label = field === 'template' ? 'Template' : field === 'builderPolicy' ? 'Builder policy' : 'Permissions boundary';
    return new EditorView({
      doc,
      parent: host,
      // Lines wrap, so only the focusable frame around the editor scrolls (a keyboard can reach every scrolled region).
      // CodeMirror's default token colours fall below WCAG contrast on Starlight's backgrounds: text keeps the page's
      // colour, and the linting (gutter, underlines, the message beside the editor) carries the information.
      extensions: [basicSetup, EditorView.lineWrapping, EditorView.theme({ '.cm-line span': { color: 'inherit' } }), languageOf(host.dataset.path!) === 'yaml' ? yaml() : json(), problems, lintGutter(), EditorView.contentAttributes.of({ 'aria-label': label })],
    });
  }

  private run() {
    const status = this.querySelector<HTMLElement>('[data-status]')!;
    const button = this.querySelector<HTMLButtonElement>('[data-run]')!;
    const progress = this.querySelector<HTMLOListElement>('[data-progress]')!;
    const reportSection = this.querySelector<HTMLElement>('[data-report]')!;
    const text = (f: Field) => this.editors.get(f)!.state.doc.toString();
    const kind = this.querySelector<HTMLInputElement>('input[name="kind"]:checked')!.value;
    const builderRole = (this.querySelector<HTMLInputElement>('input[name="builderRole"]')!.value || '').trim();
    const input: BatteryRequest['input'] =
      kind === 'template'
        ? { template: text('template'), templateName: this.names.get('template')!, ...(builderRole ? { builderRole } : {}) }
        : { builderPolicy: text('builderPolicy'), boundary: text('boundary'), builderPolicyName: this.names.get('builderPolicy')!, boundaryName: this.names.get('boundary')! };
    this.worker ??= new Worker(new URL('../../lib/shell/worker/battery-worker.ts', import.meta.url), { type: 'module', name: 'battery' });
    const id = ++this.runId;
    button.disabled = true;
    status.textContent = 'Building a fresh sandbox account and deploying your model…';
    progress.replaceChildren();
    reportSection.hidden = true;
    const items = new Map<string, HTMLLIElement>();
    this.worker.onmessage = (e: MessageEvent<BatteryReply>) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.t === 'progress') {
        showTechniqueProgress(progress, items, m);
        status.textContent = m.phase === 'fix' ? `Checking the fix for ${m.technique}…` : `Technique ${m.index + 1} of ${m.total}: ${m.technique}`;
        return;
      }
      button.disabled = false;
      if (m.t === 'error') {
        status.textContent = m.badInput ? `Bad input: ${m.message}` : `The battery stopped: ${m.message}`;
        return;
      }
      this.last = { report: m.report, sarif: m.sarif };
      status.textContent = 'Done.';
      this.querySelector('[data-summary]')!.textContent = summaryText(m.report);
      const list = this.querySelector<HTMLElement>('[data-techniques]')!;
      const order = { escalated: 0, held: 1, 'not-applicable': 2 } as const;
      list.replaceChildren(...[...m.report.techniques].sort((a, b) => order[a.result] - order[b.result]).map(techniqueView));
      reportSection.hidden = false;
      this.querySelector<HTMLElement>('#battery-report-title')!.focus();
    };
    this.worker.postMessage({ t: 'run', id, input } satisfies BatteryRequest);
  }
}

customElements.define('battery-runner', BatteryRunner);
