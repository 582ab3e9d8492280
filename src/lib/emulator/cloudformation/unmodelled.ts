/**
 * A resource type the sandbox does not model. CloudFormation's handler would call the service's create API as the
 * caller (or the stack's role), so IAM decides first: a caller without the permission gets AWS's handler message
 * (`User: … is not authorized to perform: sqs:CreateQueue …`), and only an authorized one learns that the sandbox
 * cannot make the resource. Either way the resource fails and the stack rolls back as AWS would.
 * AWS difference: AWS creates the resource; the action and resource authorized are the sandbox's reading of the
 * handler's first call (a table of common types, else `<service>:Create<Type>` on `*`).
 */
import type { Credentials } from '../core/types';
import { PlainReason } from './handler-errors';
import type { NameRule } from './names';
import { physicalName } from './names';
import { unsupportedTypeReason } from './resources';

/** The create call of common types whose action or resource does not follow `<service>:Create<Type>` on `*`. */
const CREATE_CALLS: Record<string, { action: string; arn?: (name: string, r: string, a: string) => string; nameProp?: string; rule?: NameRule }> = {
  'AWS::SQS::Queue': { action: 'sqs:CreateQueue', nameProp: 'QueueName', arn: (n, r, a) => `arn:aws:sqs:${r}:${a}:${n}`, rule: { maxLength: 80, alphabet: 'upper' } },
  'AWS::SNS::Topic': { action: 'sns:CreateTopic', nameProp: 'TopicName', arn: (n, r, a) => `arn:aws:sns:${r}:${a}:${n}`, rule: { maxLength: 256, alphabet: 'upper' } },
  'AWS::DynamoDB::Table': { action: 'dynamodb:CreateTable', nameProp: 'TableName', arn: (n, r, a) => `arn:aws:dynamodb:${r}:${a}:table/${n}`, rule: { maxLength: 255, alphabet: 'upper' } },
  'AWS::EC2::Instance': { action: 'ec2:RunInstances', arn: (_n, r, a) => `arn:aws:ec2:${r}:${a}:instance/*` },
  'AWS::EC2::SecurityGroup': { action: 'ec2:CreateSecurityGroup', arn: (_n, r, a) => `arn:aws:ec2:${r}:${a}:security-group/*` },
  'AWS::EC2::VPC': { action: 'ec2:CreateVpc', arn: (_n, r, a) => `arn:aws:ec2:${r}:${a}:vpc/*` },
  'AWS::KMS::Key': { action: 'kms:CreateKey' },
  'AWS::SecretsManager::Secret': { action: 'secretsmanager:CreateSecret', nameProp: 'Name', arn: (n, r, a) => `arn:aws:secretsmanager:${r}:${a}:secret:${n}-*`, rule: { maxLength: 512, alphabet: 'mixed' } },
  'AWS::SSM::Parameter': { action: 'ssm:PutParameter', nameProp: 'Name', arn: (n, r, a) => `arn:aws:ssm:${r}:${a}:parameter/${n.replace(/^\//, '')}`, rule: { maxLength: 1011, alphabet: 'mixed' } },
  'AWS::ECR::Repository': { action: 'ecr:CreateRepository', nameProp: 'RepositoryName', arn: (n, r, a) => `arn:aws:ecr:${r}:${a}:repository/${n}`, rule: { maxLength: 256, alphabet: 'lower' } },
  'AWS::Events::Rule': { action: 'events:PutRule', nameProp: 'Name', arn: (n, r, a) => `arn:aws:events:${r}:${a}:rule/${n}`, rule: { maxLength: 64, alphabet: 'upper' } },
  'AWS::Lambda::LayerVersion': { action: 'lambda:PublishLayerVersion', nameProp: 'LayerName', arn: (n, r, a) => `arn:aws:lambda:${r}:${a}:layer:${n}`, rule: { maxLength: 140, alphabet: 'mixed' } },
  'AWS::IAM::OIDCProvider': { action: 'iam:CreateOpenIDConnectProvider' },
  'AWS::IAM::SAMLProvider': { action: 'iam:CreateSAMLProvider' },
  'AWS::IAM::RolePolicy': { action: 'iam:PutRolePolicy', nameProp: 'RoleName', arn: (n, _r, a) => `arn:aws:iam::${a}:role/${n}` },
  'AWS::IAM::UserPolicy': { action: 'iam:PutUserPolicy', nameProp: 'UserName', arn: (n, _r, a) => `arn:aws:iam::${a}:user/${n}` },
  'AWS::IAM::GroupPolicy': { action: 'iam:PutGroupPolicy', nameProp: 'GroupName', arn: (n, _r, a) => `arn:aws:iam::${a}:group/${n}` },
  'AWS::CodeBuild::Project': { action: 'codebuild:CreateProject', nameProp: 'Name', arn: (n, r, a) => `arn:aws:codebuild:${r}:${a}:project/${n}`, rule: { maxLength: 255, alphabet: 'mixed' } },
};

/** IAM action prefixes that differ from the lower-cased service segment of the type name. */
const PREFIXES: Record<string, string> = {
  StepFunctions: 'states', CertificateManager: 'acm', ElasticLoadBalancingV2: 'elasticloadbalancing', Cognito: 'cognito-idp',
  ApiGatewayV2: 'apigateway', KinesisFirehose: 'firehose', OpenSearchService: 'es', Elasticsearch: 'es',
};

export function createCall(type: string, props: Record<string, unknown>, stackName: string, logicalId: string, region: string, accountId: string) {
  const known = CREATE_CALLS[type];
  const [, service = '', resource = ''] = type.split('::');
  const action = known?.action ?? `${PREFIXES[service] ?? service.toLowerCase()}:Create${resource}`;
  if (!known?.arn) return { action, resource: '*' };
  const given = known.nameProp ? props[known.nameProp] : undefined;
  const name = typeof given === 'string' && given ? given : physicalName(stackName, logicalId, known.rule ?? { maxLength: 255, alphabet: 'upper' });
  return { action, resource: known.arn(name, region, accountId) };
}

/** What an unmodelled resource's create does: authorize its create call, then refuse as the sandbox must. */
export async function createUnmodelled(
  type: string, props: Record<string, unknown>,
  at: { stackName: string; logicalId: string; region: string; accountId: string },
  credentials: Credentials | undefined,
  authorizeAs: ((credentials: Credentials, action: string, resource: string, region: string) => string | undefined) | undefined,
): Promise<never> {
  if (credentials && authorizeAs) {
    const call = createCall(type, props, at.stackName, at.logicalId, at.region, at.accountId);
    const denied = authorizeAs(credentials, call.action, call.resource, at.region);
    if (denied) {
      // Shaped as the SDK error the service would return, so the handler message reads as AWS's does.
      throw Object.assign(new Error(denied), {
        name: 'AccessDenied', $metadata: { httpStatusCode: 403, requestId: globalThis.crypto.randomUUID() },
      });
    }
  }
  throw new PlainReason(unsupportedTypeReason(type));
}
