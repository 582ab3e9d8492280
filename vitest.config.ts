import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

// BOUNDARY_LAB_ORG=FILE runs the unit tests against an organization's names, as the build does (labs/org.ts).
const orgFile = process.env.BOUNDARY_LAB_ORG;

export default defineConfig({
  define: orgFile ? { __BOUNDARY_LAB_ORG__: readFileSync(orgFile, 'utf8') } : {},
  test: {
    // At least two files at once, also on a 2-core machine (Vitest's default is one fewer than the cores): many files
    // wait on a child process (the real AWS CLI, a sandbox server, PostgreSQL) rather than on the CPU.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    include: ['src/**/*.test.ts', 'labs/**/*.test.ts', 'tests/unit/**/*.test.ts', 'bin/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'tests/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
