import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { inlineCodeFileName, zipInlineCode } from './zip';

describe('Code.ZipFile zips', () => {
  it('holds index.js for Node.js and index.py for Python, byte for byte the same each time', () => {
    expect(inlineCodeFileName('nodejs22.x')).toBe('index.js');
    expect(inlineCodeFileName('python3.12')).toBe('index.py');
    const zip = zipInlineCode('exports.handler = async () => 1;\n', 'nodejs22.x');
    expect(zip).toEqual(zipInlineCode('exports.handler = async () => 1;\n', 'nodejs22.x'));
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(['index.js']);
    expect(strFromU8(files['index.js'])).toBe('exports.handler = async () => 1;\n');
    expect(Object.keys(unzipSync(zipInlineCode('def handler(e, c): pass', 'python3.12')))).toEqual(['index.py']);
  });
});
