/**
 * The org kit: from one configuration, the files a platform team adopts — the builder model's template, the
 * service control policy and a README. Pure (no Node, no DOM): the CLI writes the files, the page zips them.
 */
import { validatePolicyDocument } from '../iam';
import { parseOrgConfig, OrgConfigError, type OrgConfig } from './config';
import { kitReadme } from './readme';
import { SCP_SIZE_LIMIT, scpSize, serviceControlPolicy } from './scp';
import { builderTemplate, builderPolicyDocument, boundaryDocument } from './template';

export { parseOrgConfig, OrgConfigError, orgConfigJsonSchema, type OrgConfig } from './config';
export { builderTemplate, builderIamStackName } from './template';
export { serviceControlPolicy, scpSize, SCP_SIZE_LIMIT } from './scp';

export interface KitFile {
  name: string;
  text: string;
}

/** Substitutes the template's ${AWS::Partition}/${AWS::AccountId} so IAM's validator can read a policy as deployed. */
const asDeployed = (doc: object) =>
  JSON.stringify(doc, (_k, v) => (v && typeof v === 'object' && 'Fn::Sub' in v ? String(v['Fn::Sub']).replace('${AWS::Partition}', 'aws').replace('${AWS::AccountId}', '123456789012') : v));

/** Every file of the kit for a configuration. Throws OrgConfigError when a generated policy would not pass IAM. */
export function makeKit(configText: string, configName?: string): { config: OrgConfig; files: KitFile[] } {
  const config = parseOrgConfig(configText, configName);
  const checks: [string, object, 'identity' | 'boundary' | 'scp'][] = [
    ['the builder policy', builderPolicyDocument(config), 'identity'],
    ['the boundary', boundaryDocument(config), 'boundary'],
    ['the service control policy', serviceControlPolicy(config), 'scp'],
  ];
  for (const [what, doc, kind] of checks) {
    const r = validatePolicyDocument(asDeployed(doc), kind);
    if (!r.ok) throw new OrgConfigError(`${what} made from this configuration would be refused by IAM: ${r.message}`);
  }
  const scp = serviceControlPolicy(config);
  if (scpSize(scp) > SCP_SIZE_LIMIT) {
    throw new OrgConfigError(`the service control policy would be ${scpSize(scp)} characters, over AWS Organizations' ${SCP_SIZE_LIMIT}: name fewer administrator roles`);
  }
  return {
    config,
    files: [
      { name: 'builder-iam.json', text: JSON.stringify(builderTemplate(config), null, 2) + '\n' },
      { name: 'scp.json', text: JSON.stringify(scp, null, 2) + '\n' },
      { name: 'README.md', text: kitReadme(config) },
      { name: 'boundary-lab.org.json', text: configText.endsWith('\n') ? configText : configText + '\n' },
    ],
  };
}
