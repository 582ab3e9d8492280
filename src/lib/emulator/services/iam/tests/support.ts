/** An in-process sandbox with IAM and STS, SDK clients for the admin and for any user it creates, and error capture. */
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { createEmulator, type Credentials } from '../../../index';

export const A = '123456789012';

export const doc = (statement: object | object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: Array.isArray(statement) ? statement : [statement] });
export const allow = (action: string | string[], resource: string | string[] = '*') => doc({ Effect: 'Allow', Action: action, Resource: resource });
export const trustAws = (principal: string | string[]) => doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' });

export async function sandbox() {
  const em = createEmulator({ pace: 0 });
  await em.ready;
  const iam = new IAMClient(em.sdkConfig());
  const clients = (c: Credentials) => ({ iam: new IAMClient(em.sdkConfig(c)), sts: new STSClient(em.sdkConfig(c)) });
  /** A new user with an access key, and clients that sign with that key. */
  const userWithKey = async (name: string, path = '/') => {
    await iam.send(new CreateUserCommand({ UserName: name, Path: path }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    const credentials = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    return { credentials, ...clients(credentials) };
  };
  return { em, iam, sts: new STSClient(em.sdkConfig()), clients, userWithKey };
}

/** The AWS error a call fails with (code and message), or undefined when it succeeds. */
export async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; status?: number } | undefined> {
  try {
    await p;
    return undefined;
  } catch (e: any) {
    return { code: e.Code ?? e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
}
