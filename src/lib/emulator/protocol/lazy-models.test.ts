/**
 * Issue 17, point 3: the sandbox starts with what the first prompt needs. A service's model (the largest part of a
 * service after its code) loads on that service's first request, not at start; an unsigned request, which names no
 * service, still gets the right service's error.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '..';
import { sandboxProviders } from '../../shell/providers';
import { cachedModel, modelNames } from './model';

describe('service models load on first use', () => {
  it('starts without any model, loads only the called service, and all of them for an unsigned request', async () => {
    const em = createEmulator({ pace: 0, providers: sandboxProviders() });
    await em.ready;
    expect(modelNames.filter((n) => cachedModel(n))).toEqual([]);

    await new STSClient(em.sdkConfig()).send(new GetCallerIdentityCommand({}));
    expect(modelNames.filter((n) => cachedModel(n))).toEqual(['sts']);

    const res = await em.handle(new Request('https://iam.amazonaws.com/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListRoles&Version=2010-05-08' }));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(modelNames.filter((n) => !cachedModel(n))).toEqual([]);
  });
});
