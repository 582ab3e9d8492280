/**
 * Every sentence about what the learner will see is checked against what they do see: each lesson's commands
 * (its ```bash blocks outside asides, in order) are typed into the sandbox shell as a learner would, and the
 * example output of its "What you should see" section (its ```json and ```text blocks, and the quoted values in
 * code spans) must appear in what those commands printed. In the examples, "…" stands for any text and the
 * documentation account 111122223333 for the sandbox's account.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { createEmulator } from '../../../src/lib/emulator';
import { createNodeLambdaRuntime } from '../../../src/lib/emulator/lambda-runtime/node/runtime';
import { sandboxProviders } from '../../../src/lib/shell/providers';
import { Sandbox } from '../../../src/lib/shell/sandbox';
import { lessons } from '../../../labs/lessons.mjs';
import { templateFiles } from '../../../labs/templates';

const labs = Object.fromEntries(templateFiles.map((f) => [f, readFileSync(new URL(`../../../labs/${f}`, import.meta.url), 'utf8')]));
const runtime = createNodeLambdaRuntime();
afterAll(() => runtime.close());

interface Lesson {
  slug: string;
  commands: string[];
  examples: string[];
  quoted: string[];
}

/** Splits a lesson into the commands a learner runs and the output its "What you should see" promises. */
function readLesson(slug: string): Lesson {
  const mdx = readFileSync(new URL(`../../../src/content/docs/${slug}.mdx`, import.meta.url), 'utf8');
  const [body, after = ''] = mdx.split(/^## What you should see\s*$/m);
  const see = after.split(/^## /m)[0].split(/^<Aside/m)[0];
  const outsideAsides = body.replace(/<Aside[\s\S]*?<\/Aside>/g, '');
  const blocks = (text: string, lang: RegExp) =>
    [...text.matchAll(/^([ \t]*)```(\w+)[^\n]*\n([\s\S]*?)^\1```/gm)]
      .filter((m) => lang.test(m[2]))
      .map((m) => m[3].split('\n').map((l) => l.slice(m[1].length)).join('\n').trim());
  return {
    slug,
    commands: blocks(outsideAsides, /^bash$/),
    examples: blocks(see, /^(json|text)$/),
    // Quoted values the lesson says will be printed; a sentence about what might happen ("if …", "had you …") is
    // not a promise about this run.
    quoted: see
      .replace(/```[\s\S]*?```/g, '')
      .split(/(?<=[.:])\s+(?=[A-Z(])/)
      .filter((sentence) => !/\b(if|had|would|otherwise)\b/i.test(sentence))
      .flatMap((sentence) => [...sentence.matchAll(/`((?:"|--- |\+\+\+ |An error occurred)[^`]+)`/g)].map((m) => m[1])),
  };
}

/** The example as a pattern: "…" is any text, 111122223333 any account, and runs of spaces are any spaces. */
function pattern(example: string): RegExp {
  const parts = example.split('…').map((p) =>
    p
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/111122223333/g, '\\d{12}')
      .replace(/\s+/g, '\\s*'),
  );
  return new RegExp(parts.join('.*?'), 's');
}

const withCommands = lessons.map((l) => readLesson(l.slug)).filter((l) => l.commands.length);

describe("each lesson's output is what its \"What you should see\" says", () => {
  it('types every lesson in order into one sandbox and finds each promised output', { timeout: 120_000 }, async () => {
    const emulator = createEmulator({ pace: 0, providers: sandboxProviders({ lambdaRuntime: runtime }) });
    await emulator.ready;
    const sandbox = await Sandbox.open({ target: { emulator }, labs, sleep: async () => {} });
    const problems: string[] = [];
    let checked = 0;
    for (const lesson of withCommands) {
      let printed = '';
      for (const command of lesson.commands) {
        const r = await sandbox.run(command);
        await emulator.settled();
        printed += `${r.stdout}${r.stderr}`;
      }
      for (const example of lesson.examples) {
        checked++;
        if (!pattern(example).test(printed)) problems.push(`${lesson.slug}: the output has no\n${example}\n--- it printed:\n${printed.slice(0, 3000)}`);
      }
      for (const value of lesson.quoted) {
        checked++;
        // A value inside printed JSON text appears with its quotes escaped.
        if (!printed.includes(value) && !printed.includes(JSON.stringify(value).slice(1, -1))) problems.push(`${lesson.slug}: the output never shows ${value}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
