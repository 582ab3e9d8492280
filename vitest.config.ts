import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';

// BOUNDARY_LAB_ORG=FILE runs the unit tests against an organization's names, as the build does (labs/org.ts).
const orgFile = process.env.BOUNDARY_LAB_ORG;

export default defineConfig({
  define: orgFile ? { __BOUNDARY_LAB_ORG__: readFileSync(orgFile, 'utf8') } : {},
  test: {
    include: ['src/**/*.test.ts', 'labs/**/*.test.ts', 'tests/unit/**/*.test.ts', 'bin/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'tests/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
