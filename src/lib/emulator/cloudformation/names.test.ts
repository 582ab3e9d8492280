import { describe, expect, it } from 'vitest';
import { NAME_RULES, physicalName, randomSuffix } from './names';

describe('physical names', () => {
  it('is <stack>-<logicalId>-<random> with the service alphabet', () => {
    expect(physicalName('builder-application', 'MyLambdaFunctionExecutionRole', NAME_RULES['AWS::IAM::Role'])).toMatch(/^builder-application-MyLambdaFunctionExecutionRole-[A-Z0-9]{12}$/);
    expect(physicalName('sam-app', 'HelloWorldFunction', NAME_RULES['AWS::Lambda::Function'])).toMatch(/^sam-app-HelloWorldFunction-[A-Za-z0-9]{12}$/);
    expect(physicalName('My-Stack', 'MyBucket', NAME_RULES['AWS::S3::Bucket'])).toMatch(/^my-stack-mybucket-[a-z0-9]{12}$/);
    expect(physicalName('app', 'MyStateMachine', NAME_RULES['AWS::StepFunctions::StateMachine'])).toMatch(/^MyStateMachine-[A-Za-z0-9]{12}$/);
  });

  it('shortens the longer of stack name and logical id to fit each service limit', () => {
    const stack = 'a-very-long-stack-name-for-the-builder-application-workshop';
    for (const [type, limit] of [['AWS::IAM::Role', 64], ['AWS::Lambda::Function', 64], ['AWS::StepFunctions::StateMachine', 80], ['AWS::S3::Bucket', 63]] as const) {
      const name = physicalName(stack, 'MyLambdaFunctionExecutionRoleWithAVeryLongLogicalIdentifierIndeed', NAME_RULES[type]);
      expect(name.length).toBeLessThanOrEqual(limit);
    }
    expect(physicalName('s'.repeat(60), 'L'.repeat(60), NAME_RULES['AWS::IAM::Role'], 'ABCDEFGHIJKL')).toBe(`${'s'.repeat(25)}-${'L'.repeat(25)}-ABCDEFGHIJKL`);
    expect(physicalName('short', 'L'.repeat(70), NAME_RULES['AWS::IAM::Role'], 'ABCDEFGHIJKL')).toBe(`short-${'L'.repeat(45)}-ABCDEFGHIJKL`);
  });

  it('draws random suffixes from the alphabet', () => {
    const s = new Set(Array.from({ length: 50 }, () => randomSuffix(12, 'upper')));
    expect(s.size).toBe(50);
    for (const x of s) expect(x).toMatch(/^[A-Z0-9]{12}$/);
  });
});
