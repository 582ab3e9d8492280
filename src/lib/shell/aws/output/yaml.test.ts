import { describe, expect, it } from 'vitest';
import { dumpYaml } from './yaml';
// Samples dumped by ruamel.yaml's safe dumper with CLI v2's settings (default_flow_style False), its plain-scalar
// folding set to ruamel 0.17's rule (fold after column 80), which CLI v2 pins.
import fixtures from './yaml.fixtures.json';

describe('yaml output', () => {
  fixtures.samples.forEach((sample, i) => {
    it(`matches ruamel.yaml for sample ${i}`, () => {
      expect(dumpYaml(sample)).toBe(fixtures.yaml[i]);
    });
  });

  it('prints a top-level scalar as JSON, like the CLI', () => {
    expect(dumpYaml('arn:aws:iam::1:role/x')).toBe('"arn:aws:iam::1:role/x"\n');
    expect(dumpYaml(null)).toBe('null\n');
  });
});
