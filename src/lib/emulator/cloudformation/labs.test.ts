/**
 * The lab's templates through this engine's checks, compared with the lab's own parser (labs/templates.ts): both read
 * every template to the same tree, and every template passes ValidateTemplate's checks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTemplate as labParse, templateFiles } from '../../../../labs/templates';
import { requiredCapabilities } from './template';
import { checkTemplate } from './validate';

const text = (file: string) => readFileSync(new URL(`../../../../labs/${file}`, import.meta.url), 'utf8');

describe('the lab templates', () => {
  it.each(templateFiles)('%s parses as the lab parses it and passes the template checks', (file) => {
    const template = checkTemplate(text(file));
    expect(JSON.parse(JSON.stringify(template))).toEqual(JSON.parse(JSON.stringify(labParse(text(file)))));
    expect(requiredCapabilities(template).capability).toBe(file === 'builder-iam.json' ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM');
  });
});
