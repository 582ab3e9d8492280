import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

describe('the live page CSP', () => {
  it('lets the page call only its own origin, plus a workshop room server when one is given', () => {
    const own = contentSecurityPolicy('<html></html>');
    expect(own).toContain("connect-src 'self';");
    const withRoom = contentSecurityPolicy('<html></html>', ['http://192.168.1.20:4500']);
    expect(withRoom).toContain("connect-src 'self' http://192.168.1.20:4500;");
    expect(withRoom).toContain("default-src 'self'");
  });
});
