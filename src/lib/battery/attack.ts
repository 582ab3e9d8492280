/**
 * One technique's attack against one fresh copy of the seeded account: every call goes through the SDK to the
 * emulator, so the gateway authenticates and authorizes it exactly as the terminal's calls; the engine's decision
 * for each denied call becomes the step's "Why denied?". Calls that the sandbox makes on the attacker's behalf (a
 * function's code, a stack's service role) are recorded as inner steps.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import * as cfnSdk from '@aws-sdk/client-cloudformation';
import * as iamSdk from '@aws-sdk/client-iam';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import * as s3Sdk from '@aws-sdk/client-s3';
import * as sfnSdk from '@aws-sdk/client-sfn';
import * as stsSdk from '@aws-sdk/client-sts';
import type { CallObservation, Credentials, Emulator } from '../emulator';
import { explain } from '../explain';
import { accessDeniedMessage } from '../iam';
import type { BuilderModel } from './model';
import type { Actor, Step } from './types';

export type Service = 'iam' | 'sts' | 'cloudformation' | 'lambda' | 'states' | 's3';

const SDK: Record<Service, { client: new (config: any) => { send(c: any): Promise<any> }; mod: Record<string, any> }> = {
  iam: { client: IAMClient, mod: iamSdk },
  sts: { client: STSClient, mod: stsSdk },
  cloudformation: { client: CloudFormationClient, mod: cfnSdk },
  lambda: { client: LambdaClient, mod: lambdaSdk },
  states: { client: SFNClient, mod: sfnSdk },
  s3: { client: S3Client, mod: s3Sdk },
};

/** The IAM action name of an operation where it differs from `service:Operation`. */
const ACTION_NAME: Record<string, string> = { 'lambda:Invoke': 'lambda:InvokeFunction', 'lambda:UpdateFunctionCode': 'lambda:UpdateFunctionCode' };
const actionOf = (service: Service, op: string) => ACTION_NAME[`${service}:${op}`] ?? `${service}:${op}`;

export interface CallResult<T = any> {
  ok: boolean;
  out?: T;
  step: Step;
  inner: Step[];
}

export interface AccountNames {
  privilegedRole: string;
  privilegedFunction: string;
  stackRole: string;
  stack: string;
  trustingRole: string;
  adminUser: string;
  plainUser: string;
  adminGroup: string;
  protectedBucket: string;
  protectedKey: string;
  canaryUser: string;
}

export interface AttackEnv {
  emulator: Emulator;
  model: BuilderModel;
  names: AccountNames;
  admin: Credentials;
  builder: Credentials & { sessionToken?: string };
  builderArn: string;
}

export class Attack {
  readonly steps: Step[] = [];
  /** Set when every call was allowed but the sandbox cannot run the service that would prove the escalation. */
  unproven?: string;
  private clients = new Map<string, { send(c: any): Promise<any> }>();

  constructor(readonly env: AttackEnv) {}

  get model() {
    return this.env.model;
  }
  get names() {
    return this.env.names;
  }
  get account() {
    return this.env.model.accountId;
  }

  private client(actor: Actor, service: Service) {
    const creds = actor === 'builder' ? this.env.builder : actor === 'administrator' ? this.env.admin : actor.credentials;
    const key = `${creds.accessKeyId}:${service}`;
    let c = this.clients.get(key);
    if (!c) {
      c = new SDK[service].client(this.env.emulator.sdkConfig(creds));
      this.clients.set(key, c);
    }
    return c;
  }

  private principalOf(actor: Actor) {
    return actor === 'builder' ? this.env.builderArn : actor === 'administrator' ? `arn:aws:iam::${this.account}:user/admin` : actor.label;
  }

  /**
   * Make one call as `actor`; wait for whatever it set going (a stack operation, an invocation) and record it,
   * with the calls the sandbox made on its behalf. `canary` marks the call whose success proves the escalation.
   */
  async call<T = any>(actor: Actor, service: Service, op: string, input: Record<string, unknown>, opts: { target: string; canary?: string; record?: boolean } ): Promise<CallResult<T>> {
    const observed: CallObservation[] = [];
    const stop = this.env.emulator.onCall((c) => observed.push(c));
    const principal = this.principalOf(actor);
    const step: Step = { principal, call: actionOf(service, op), target: opts.target, outcome: 'allowed' };
    if (opts.canary) step.canary = opts.canary;
    let out: any;
    let ok = true;
    try {
      const Command = SDK[service].mod[`${op}Command`];
      if (!Command) throw new Error(`No SDK command ${op} for ${service}`);
      out = await this.client(actor, service).send(new Command(input));
      await this.env.emulator.settled();
    } catch (e: any) {
      ok = false;
      const code = String(e?.name ?? e?.Code ?? 'Error');
      step.outcome = /AccessDenied|UnauthorizedOperation|AuthorizationError/i.test(code) ? 'denied' : 'failed';
      step.error = { code, message: String(e?.message ?? e) };
      await this.env.emulator.settled();
    } finally {
      stop();
    }
    const mine = [...observed].reverse().find((o) => o.operation === op && (o.caller === principal || o.caller === undefined));
    if (step.outcome === 'denied' && mine) step.why = whyDenied(mine);
    // Reads the sandbox makes on the attacker's behalf (a stack describing what it changes) and the Lambda runtime's
    // own log writes are noise in a report.
    const inner = observed.filter((o) => o !== mine && o.caller && o.caller !== principal && !/^(Get|List|Describe)/.test(o.operation) && o.service !== 'logs').map(innerStep);
    if (opts.record !== false) this.steps.push(step, ...inner);
    return { ok, out, step, inner };
  }

  /** A call the attacker's own session makes as the administrator would not: shorthand for the builder. */
  as(actor: Actor, service: Service, op: string, input: Record<string, unknown>, target: string, canary?: string) {
    return this.call(actor, service, op, input, { target, canary });
  }

  builder(service: Service, op: string, input: Record<string, unknown>, target: string, canary?: string) {
    return this.call('builder', service, op, input, { target, canary });
  }

  admin(service: Service, op: string, input: Record<string, unknown>, target: string) {
    return this.call('administrator', service, op, input, { target });
  }

  /** Mark an inner call (made by a function or stack for the attacker) as the canary. */
  markInner(r: CallResult, call: string, canary: string): Step | undefined {
    const s = [...r.inner].reverse().find((i) => i.call === call);
    if (s) s.canary = canary;
    return s;
  }

  /** Become the session of a role the attacker reached. */
  async assume(roleArn: string, canary?: string): Promise<Actor | undefined> {
    const r = await this.builder('sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'battery' }, roleArn, canary);
    if (!r.ok) return undefined;
    const c = r.out.Credentials;
    return { label: r.out.AssumedRoleUser.Arn, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } };
  }

  /** The canary every admin-level escalation ends with: make an IAM user, which the builder model must never allow. */
  canaryCreateUser(actor: Actor, how: string) {
    return this.call(actor, 'iam', 'CreateUser', { UserName: this.names.canaryUser }, { target: `user ${this.names.canaryUser}`, canary: `${how} can create IAM users: full control of IAM` });
  }
}

function whyDenied(o: CallObservation): Step['why'] {
  const denied = [...o.authorizations].reverse().find((a) => a.result.decision !== 'Allowed');
  if (!denied) return undefined;
  return explain(denied.request, denied.result, accessDeniedMessage(denied.request, denied.result));
}

function innerStep(o: CallObservation): Step {
  const denied = o.errorCode !== undefined && /AccessDenied/i.test(o.errorCode);
  const last = o.authorizations[o.authorizations.length - 1];
  const step: Step = {
    principal: o.caller!,
    call: last?.request.action ?? `${o.service}:${o.operation}`,
    target: last?.request.resource ?? '',
    outcome: o.status < 300 ? 'allowed' : denied ? 'denied' : 'failed',
    inner: true,
  };
  if (o.errorCode) step.error = { code: o.errorCode, message: denied && last ? accessDeniedMessage(last.request, last.result) : o.errorCode };
  if (denied) step.why = whyDenied(o);
  return step;
}
