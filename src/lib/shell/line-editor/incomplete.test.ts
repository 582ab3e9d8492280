import { describe, expect, it } from 'vitest';
import { needsMore } from './incomplete';

describe('needsMore (when bash prints PS2)', () => {
  it.each([
    ['aws cloudformation create-stack \\', true],
    ['aws cloudformation create-stack \\\n--stack-name builder-iam', false],
    ['echo hi |', true],
    ['echo hi | jq .', false],
    ['true &&', true],
    ['false ||  ', true],
    ["echo 'open", true],
    ["echo 'open\nclosed'", false],
    ['echo "a $(echo b', true],
    ['x=$(aws sts get-caller-identity', true],
    ['x=$(aws sts get-caller-identity)', false],
    ['cat <<EOF', true],
    ['cat <<EOF\nline', true],
    ['cat <<EOF\nline\nEOF', false],
    ["cat > f <<'EOF'\n$HOME\nEOF", false],
    ['cat <<-END\n\tx\n\tEND', false],
    ['echo "<<EOF"', false],
    ['if true; then', true],
    ['if true; then echo y; fi', false],
    ['for i in 1 2; do', true],
    ['for i in 1 2; do echo $i; done', false],
    ['f() {', true],
    ['f() { echo x; }', false],
    ['echo done', false],
    ['echo # comment with a quote \'', false],
    ['echo a\\ b', false],
    ['', false],
    ['echo "$KEEP $(cat f.txt) $(pwd)"', false],
    ['echo "$(echo ")"', true],
    ['echo "$(echo ")")"', false],
    ['echo `date`', false],
    ['x=$( (echo a) )', false],
  ])('%j → %s', (text, expected) => {
    expect(needsMore(text)).toBe(expected);
  });

  it('accepts the blog assume-role block as one command only when complete', () => {
    const lines = [
      'export AWS_DEFAULT_OUTPUT="json"; \\',
      'role=builder; \\',
      `role_arn=$(echo $aws_role|jq '.Role.Arn'|tr -d '"'); \\`,
      `export AWS_SESSION_TOKEN=$(echo $aws_credentials|jq '.Credentials.SessionToken'|tr -d '"')`,
    ];
    for (let n = 1; n < lines.length; n++) expect(needsMore(lines.slice(0, n).join('\n'))).toBe(true);
    expect(needsMore(lines.join('\n'))).toBe(false);
  });
});
