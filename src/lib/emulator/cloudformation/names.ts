/**
 * Physical names as CloudFormation generates them when a template gives none: `<stack>-<logicalId>-<random>`,
 * with the stack name and logical id shortened so the whole fits the service's limit.
 *
 * What real stacks show (SAM and CloudFormation output): IAM roles `stack-LogicalId-JCFDWTPY1CGR` (12 upper-case
 * letters and digits; stacks created before 2023 show 13), Lambda functions `stack-LogicalId-yQDNe17r9maD` (12 mixed
 * case), state machines `LogicalId-O2WHhrwtOckF` (no stack name), S3 buckets all lower case.
 */
export type Alphabet = 'upper' | 'mixed' | 'lower';

const ALPHABETS: Record<Alphabet, string> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  mixed: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz0123456789',
};

export function randomSuffix(length: number, alphabet: Alphabet): string {
  const chars = ALPHABETS[alphabet];
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => chars[b % chars.length]).join('');
}

export interface NameRule {
  maxLength: number;
  alphabet: Alphabet;
  /** Whether the stack name leads (false for state machines). */
  withStackName?: boolean;
  suffixLength?: number;
}

export const NAME_RULES = {
  'AWS::IAM::Role': { maxLength: 64, alphabet: 'upper' },
  'AWS::IAM::ManagedPolicy': { maxLength: 128, alphabet: 'upper' },
  'AWS::IAM::User': { maxLength: 64, alphabet: 'upper' },
  'AWS::IAM::Group': { maxLength: 128, alphabet: 'upper' },
  'AWS::IAM::InstanceProfile': { maxLength: 128, alphabet: 'upper' },
  'AWS::IAM::UserToGroupAddition': { maxLength: 255, alphabet: 'upper' },
  'AWS::Lambda::Function': { maxLength: 64, alphabet: 'mixed' },
  'AWS::Lambda::Permission': { maxLength: 100, alphabet: 'mixed' },
  'AWS::StepFunctions::StateMachine': { maxLength: 80, alphabet: 'mixed', withStackName: false },
  'AWS::Logs::LogGroup': { maxLength: 512, alphabet: 'mixed' },
  'AWS::S3::Bucket': { maxLength: 63, alphabet: 'lower' },
} satisfies Record<string, NameRule>;

/**
 * `<stack>-<logicalId>-<random>` within rule.maxLength. When too long, the longer of the stack name and the logical id
 * is shortened first, so both keep a recognisable prefix.
 * AWS difference: CloudFormation's exact split between the two when shortening is not documented; this one is close.
 */
export function physicalName(stackName: string, logicalId: string, rule: NameRule, suffix?: string): string {
  const random = suffix ?? randomSuffix(rule.suffixLength ?? 12, rule.alphabet);
  const parts = rule.withStackName === false ? [logicalId] : [stackName, logicalId];
  const budget = rule.maxLength - random.length - parts.length;
  const lengths = parts.map((p) => p.length);
  while (lengths.reduce((a, b) => a + b, 0) > budget && budget > 0) {
    const longest = lengths.indexOf(Math.max(...lengths));
    lengths[longest] -= 1;
  }
  const name = [...parts.map((p, i) => p.slice(0, lengths[i])), random].join('-');
  return rule.alphabet === 'lower' ? name.toLowerCase() : name;
}
