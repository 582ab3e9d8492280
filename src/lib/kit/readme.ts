/** The README the kit writes for the platform team: what each file is, how to deploy it, how to test it in CI. */
import type { OrgConfig } from './config';
import { builderIamStackName } from './template';

export function kitReadme(c: OrgConfig): string {
  const stack = builderIamStackName(c);
  const services = c.services.join(', ');
  return `# ${c.organization.name}: builder model (made by the Boundary Lab org kit)

Builders assume \`${c.builderRole.name}\` and may create IAM roles themselves — only under \`${c.applicationRoles.path}\`, only
with the \`${c.boundary.name}\` permissions boundary — and deploy applications in CloudFormation stacks named
\`${c.applicationStackPrefix}*\` using ${services}${c.regions.length ? ` in ${c.regions.join(', ')}` : ''}.

| file | what it is |
| --- | --- |
| \`builder-iam.json\` | CloudFormation template: the builder policy (\`${c.builderPolicy.path}${c.builderPolicy.name}\`), the boundary (\`${c.boundary.path}${c.boundary.name}\`) and the builder role |
| \`scp.json\` | Service control policy: nobody but your administrator roles may create a role or user under \`${c.applicationRoles.path}\` without the boundary, remove a boundary there, edit the boundary or builder policy, or change the builder role |
| \`boundary-lab.org.json\` | The configuration these files were made from: keep it in version control and re-run the kit after changing it |

## Deploy

Per account:

\`\`\`bash
aws cloudformation deploy --stack-name ${stack} --template-file builder-iam.json --capabilities CAPABILITY_NAMED_IAM
\`\`\`

Across an organization, deploy the same template with a service-managed **StackSet** to the organizational units whose
accounts have builders (automatic deployment on, so new accounts get it), from the management account or a delegated
administrator:

\`\`\`bash
aws cloudformation create-stack-set --stack-set-name ${stack} --template-body file://builder-iam.json \\
  --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false \\
  --capabilities CAPABILITY_NAMED_IAM
aws cloudformation create-stack-instances --stack-set-name ${stack} \\
  --deployment-targets OrganizationalUnitIds=ou-xxxx-xxxxxxxx --regions us-east-1
\`\`\`

Then attach the service control policy to the same organizational units (AWS Organizations → Policies → Service
control policies), after checking that every role in \`administratorRoleArns\` is the one your automation really uses:

\`\`\`bash
aws organizations create-policy --type SERVICE_CONTROL_POLICY --name ${c.organization.prefix}builder-boundary-guardrail \\
  --description "Permissions boundaries are mandatory in builder paths" --content file://scp.json
aws organizations attach-policy --policy-id p-xxxxxxxx --target-id ou-xxxx-xxxxxxxx
\`\`\`

## Test it in CI

The escalation battery attacks the model in a sandbox that enforces IAM as AWS does, technique by technique, and
fails the job if any technique escalates. On every pull request that changes the model:

\`\`\`yaml
name: builder model
on: pull_request
jobs:
  escalation-battery:
    runs-on: ubuntu-latest
    permissions: { contents: read, security-events: write }
    steps:
      - uses: actions/checkout@v4
      - uses: actions/checkout@v4
        with: { repository: <owner>/boundary-lab, path: boundary-lab }
      - uses: actions/setup-node@v4
        with: { node-version: 24 }
      - run: npm ci
        working-directory: boundary-lab
      - run: npm --prefix boundary-lab run audit -- --template builder-iam.json --format sarif --out battery.sarif
      - if: always()
        uses: github/codeql-action/upload-sarif@v3
        with: { sarif_file: battery.sarif }
\`\`\`

Run it locally with \`npm run audit -- --template builder-iam.json\` in a Boundary Lab checkout. Exit 0: every
technique held or did not apply; 1: something escalated (the report shows the call that proved it and the fix); 2: the
template is not valid.
`;
}
