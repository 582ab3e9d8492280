/**
 * The kit page's pure parts, against the kit's real messages: each refused field is marked where it is in the
 * configuration's text, and the zip holds the kit's files byte for byte.
 */
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeKit, OrgConfigError } from '../../lib/kit';
import { locateProblems } from './locate';
import { kitZip, kitZipName } from './zip';

const shipped = readFileSync('boundary-lab.org.json', 'utf8');
const acme = readFileSync('labs/org-examples/acme.org.json', 'utf8');

/** The problems the kit reports for `text`, with the text each one marks. */
function refused(text: string) {
  try {
    makeKit(text);
  } catch (e) {
    expect(e).toBeInstanceOf(OrgConfigError);
    return locateProblems(text, (e as Error).message).map((p) => ({ field: p.field, marked: text.slice(p.from, p.to), message: p.message }));
  }
  throw new Error('the kit accepted the configuration');
}

describe('locating the kit\'s errors in the configuration', () => {
  it('marks a path without "/" on its value, naming the field', () => {
    const problems = refused(acme.replace('"path": "/acme/workloads/"', '"path": "acme/workloads/"'));
    expect(problems[0]).toEqual({ field: 'applicationRoles.path', marked: '"acme/workloads/"', message: expect.stringMatching(/^applicationRoles\.path: .*start and end with "\/"/) });
    for (const p of problems) expect([p.field, p.marked]).toEqual(['applicationRoles.path', '"acme/workloads/"']);
  });

  it('marks each of several problems, array items by index', () => {
    const text = shipped.replace('"name": "builder", "path": "/"', '"name": "builder role!", "path": "/"').replace('"sns", "xray"]', '"sns", "ec2"]');
    const problems = refused(text);
    expect(problems.map((p) => [p.field, p.marked])).toEqual([
      ['builderRole.name', '"builder role!"'],
      ['services.7', '"ec2"'],
    ]);
  });

  it('marks an unknown field on its key and a missing field on the object that should hold it', () => {
    expect(refused(shipped.replace('"regions": []', '"regions": [], "colour": "blue"'))).toEqual([
      { field: undefined, marked: '"colour"', message: 'unknown field "colour"' },
    ]);
    const missing = refused(shipped.replace('"applicationRoles": { "path": "/application_roles/" }', '"applicationRoles": {}'));
    expect(missing).toEqual([{ field: 'applicationRoles.path', marked: '"applicationRoles"', message: 'applicationRoles.path: is required' }]);
  });

  it('marks the cross-field rules (a boundary that would not cover a service) on the field they name', () => {
    const text = shipped.replace('"path": "/permissions_boundaries/" }', '"path": "/permissions_boundaries/", "actions": { "lambda": ["lambda:InvokeFunction"] } }');
    const problems = refused(text);
    expect(problems.length).toBeGreaterThan(1);
    for (const p of problems) {
      expect(p.field).toBe('boundary.actions');
      expect(p.marked).toBe('{ "lambda": ["lambda:InvokeFunction"] }');
    }
  });

  it('reports malformed JSON where the parser stopped', () => {
    const problems = refused('{"organization": ');
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/^not valid JSON: /);
  });
});

describe('the kit\'s zip', () => {
  it('holds the four files of the kit, flat, byte for byte, under a name from the prefix', () => {
    const kit = makeKit(acme, 'acme.org.json');
    const files = unzipSync(kitZip(kit.files));
    expect(Object.keys(files).sort()).toEqual(['README.md', 'boundary-lab.org.json', 'builder-iam.json', 'scp.json']);
    for (const f of kit.files) expect(strFromU8(files[f.name])).toBe(f.text);
    expect(kitZipName(kit.config)).toBe('acme-builder-model-kit.zip');
    expect(kitZipName(makeKit(shipped).config)).toBe('builder-model-kit.zip');
  });
});
