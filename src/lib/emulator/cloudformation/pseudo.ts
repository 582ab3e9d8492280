/** Pseudo parameters (`AWS::Region`, `AWS::AccountId`, …) and the Availability Zones Fn::GetAZs returns. */
export interface PseudoParameters {
  accountId: string;
  region: string;
  stackId: string;
  stackName: string;
  notificationArns: string[];
}

export const partitionOf = (region: string) =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

export const urlSuffixOf = (region: string) => (region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com');

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::Partition', 'AWS::URLSuffix',
  'AWS::NotificationARNs', 'AWS::NoValue',
]);

/** The value `Ref` gives a pseudo parameter (AWS::NoValue is handled by the resolver). */
export function pseudoValue(name: string, p: PseudoParameters): string | string[] | undefined {
  switch (name) {
    case 'AWS::AccountId': return p.accountId;
    case 'AWS::Region': return p.region;
    case 'AWS::StackId': return p.stackId;
    case 'AWS::StackName': return p.stackName;
    case 'AWS::Partition': return partitionOf(p.region);
    case 'AWS::URLSuffix': return urlSuffixOf(p.region);
    case 'AWS::NotificationARNs': return p.notificationArns;
    default: return undefined;
  }
}

// AWS difference: the real zone list depends on the account; these are the zones most accounts see.
const ZONE_LETTERS: Record<string, string> = {
  'us-east-1': 'abcdef',
  'us-west-1': 'ab',
  'ap-northeast-1': 'acd',
  'ap-northeast-2': 'abcd',
  'us-west-2': 'abcd',
};

export function availabilityZones(region: string): string[] {
  return [...(ZONE_LETTERS[region] ?? 'abc')].map((l) => `${region}${l}`);
}
