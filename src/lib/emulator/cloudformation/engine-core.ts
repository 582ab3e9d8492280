/**
 * What every stack operation shares: the engine's dependencies, events and statuses, a wave of resources run
 * concurrently, and deletion in reverse dependency order. Resources act through SDK clients signed with the caller's
 * credentials (or the stack role's), so IAM decides every call as it does in AWS.
 */
import type { Credentials } from '../core/types';
import type { CloudFormationState, StackRecord, StackResourceRecord, StackStatus } from '../services/cloudformation/model';
import { findStack } from '../services/cloudformation/model';
import { recordEvent, STACK_TYPE, uuid, type EventInput } from './events';
import { creationWaves, dependencyGraph } from './graph';
import { handlerFailureReason } from './handler-errors';
import type { InFlight } from './in-flight';
import { resolveString, resolveValue } from './intrinsics';
import { NAME_RULES, physicalName, type NameRule } from './names';
import { partitionOf } from './pseudo';
import { RESOURCE_TYPES } from './resources';
import type { ResourceContext, ResourceType, ServiceClients } from './resources/types';
import { exportsOf, stackContext, type StackContext } from './stack-context';
import { createUnmodelled } from './unmodelled';
import { parseTemplate } from './template';

export interface EngineDeps {
  accountId: string;
  region: string;
  /** The current CloudFormation state (read afresh at each step). */
  state(): CloudFormationState;
  /** Persist state after an asynchronous change. */
  commit(): Promise<void>;
  now(): Date;
  /** 0: instant; 1: a learner's pace (events over a few seconds). */
  pace: number;
  /** SDK clients that call the services through the gateway with these credentials. */
  clients(credentials: Credentials): ServiceClients;
  /** CloudFormation assumes the stack's service role (its trust policy must allow cloudformation.amazonaws.com). */
  assumeRole(roleArn: string): Promise<Credentials>;
  /** Run the operation after the response. */
  schedule(task: () => Promise<void>): void;
  /** Would IAM allow these credentials this call? Undefined when allowed, else AWS's AccessDenied sentence. */
  authorizeAs?(credentials: Credentials, action: string, resource: string, region: string): string | undefined;
  /** Resource types (tests may add fakes). */
  types?: Record<string, ResourceType>;
  /** The records of stacks with an operation in flight, shared by every engine of one provider (see InFlight). */
  inFlight: InFlight;
}

/** Milliseconds between steps at pace 1. */
const STEP_MS = 350;

/** Run `task` and settle its outcome immediately, so its rejection is always handled. */
export function settle<T>(task: () => Promise<T>): Promise<PromiseSettledResult<T>> {
  return Promise.resolve().then(task).then(
    (value) => ({ status: 'fulfilled', value }) as const,
    (reason: unknown) => ({ status: 'rejected', reason }) as const,
  );
}

export const failureList = (ids: string[]) => `[${ids.join(', ')}]`;

export type Action = 'create' | 'update' | 'replace';

/**
 * Types whose events show CloudFormation's "Eventual consistency check initiated" step (DetailedStatus
 * CONFIGURATION_COMPLETE) before CREATE_COMPLETE, as real stacks show for Lambda functions and S3 buckets.
 */
const STABILIZED_TYPES = new Set(['AWS::Lambda::Function', 'AWS::S3::Bucket']);

export abstract class EngineCore {
  constructor(protected readonly deps: EngineDeps) {}

  /** Properties an update tried (failed or cancelled), to revert from on rollback. */
  protected readonly attemptedProps = new Map<string, Record<string, unknown>>();
  /** The new physical resources replacements created (even when they then failed), to delete on rollback. */
  protected readonly replacements = new Map<string, { physicalId: string; props: Record<string, unknown> }>();

  protected get types() {
    return this.deps.types ?? RESOURCE_TYPES;
  }

    protected stack(stackId: string): StackRecord {
    const state = this.deps.state();
    this.deps.inFlight.adopt(state);
    const s = this.deps.inFlight.get(stackId) ?? findStack(state, stackId);
    if (!s) throw new Error(`stack ${stackId} vanished`);
    return s;
  }

  protected sleep(steps = 1): Promise<void> {
    const ms = STEP_MS * steps * this.deps.pace;
    return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
  }

  protected async event(stackId: string, e: EventInput): Promise<void> {
    recordEvent(this.stack(stackId), e, this.deps.now());
    await this.deps.commit();
  }

  protected async stackStatus(stackId: string, status: StackStatus, reason?: string, detailedStatus?: string): Promise<void> {
    const s = this.stack(stackId);
    s.StackStatus = status;
    s.StackStatusReason = reason;
    if (detailedStatus) s.DetailedStatus = detailedStatus;
    else delete s.DetailedStatus;
    if (status === 'DELETE_COMPLETE') s.DeletionTime = this.deps.now();
    await this.event(stackId, { LogicalResourceId: s.StackName, PhysicalResourceId: s.StackId, ResourceType: STACK_TYPE, ResourceStatus: status, ResourceStatusReason: reason, DetailedStatus: detailedStatus });
  }

  protected async resourceEvent(
    stackId: string, id: string,
    { DetailedStatus, ...patch }: Partial<StackResourceRecord> & { ResourceStatus: StackResourceRecord['ResourceStatus']; DetailedStatus?: string },
    props?: Record<string, unknown>,
  ) {
    const s = this.stack(stackId);
    const r = s.resources[id];
    Object.assign(r, patch, { Timestamp: this.deps.now() });
    if (patch.ResourceStatusReason === undefined) delete r.ResourceStatusReason;
    await this.event(stackId, {
      LogicalResourceId: id,
      PhysicalResourceId: r.PhysicalResourceId,
      ResourceType: r.ResourceType,
      ResourceStatus: r.ResourceStatus,
      ResourceStatusReason: patch.ResourceStatusReason,
      ResourceProperties: props,
      DetailedStatus,
    });
  }

  /** Why there are no clients for this operation (the caller's credentials missing, the stack role not assumable). */
  protected clientError?: Error;

  protected async credentials(stackId: string): Promise<Credentials> {
    const op = this.stack(stackId).operation;
    if (op?.roleArn) {
      try {
        return await this.deps.assumeRole(op.roleArn);
      } catch {
        throw new Error(`Role ${op.roleArn} is invalid or cannot be assumed`);
      }
    }
    if (!op?.credentials) {
      // The gateway must hand the caller's credentials to CloudFormation (ctx.callerCredentials).
      throw new Error("Sandbox error: the caller's credentials were not passed to CloudFormation");
    }
    return op.credentials;
  }

  /** SDK clients for the operation, or undefined (then clientError says why and every resource fails with it). */
  /** The credentials the operation acts with (the caller's, or the stack role's session). */
  protected operationCredentials?: Credentials;

  protected async clientsFor(stackId: string): Promise<ServiceClients | undefined> {
    try {
      this.operationCredentials = await this.credentials(stackId);
      return this.deps.clients(this.operationCredentials);
    } catch (e) {
      this.clientError = e as Error;
      return undefined;
    }
  }

  protected resourceContext(stack: StackRecord, id: string, type: string, clients: ServiceClients): ResourceContext {
    const rule: NameRule = (NAME_RULES as Record<string, NameRule>)[type] ?? { maxLength: 255, alphabet: 'upper' };
    return {
      clients,
      stackName: stack.StackName,
      stackId: stack.StackId,
      logicalId: id,
      region: this.deps.region,
      accountId: this.deps.accountId,
      partition: partitionOf(this.deps.region),
      stackTags: stack.Tags,
      generateName: () => physicalName(stack.StackName, id, rule),
    };
  }

  protected context(stack: StackRecord): StackContext {
    return stackContext(this.deps.state(), stack, parseTemplate(stack.TemplateBody), stack.Parameters, this.deps);
  }

  /**
   * Run one wave (resources whose dependencies are done) concurrently, then report in order: after the first failure,
   * siblings still in flight are cancelled, as CloudFormation reports them.
   */
  protected async runWave(
    stackId: string,
    wave: { id: string; action: Action; props?: Record<string, unknown>; error?: unknown; run?: () => Promise<{ physicalId: string; attributes: Record<string, unknown> }> }[],
    alreadyFailed: boolean,
  ): Promise<{ failed: string[] }> {
    const failed: string[] = [];
    for (const w of wave) {
      const inProgress = w.action === 'create' ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS';
      const reason = w.action === 'replace' ? 'Requested update requires the creation of a new physical resource; hence creating one.' : undefined;
      await this.resourceEvent(stackId, w.id, { ResourceStatus: inProgress, ResourceStatusReason: reason, ...(w.action !== 'update' ? { PhysicalResourceId: this.stack(stackId).resources[w.id].PhysicalResourceId } : {}) }, w.props);
    }
    await this.sleep(2);
    const results = await Promise.all(wave.map((w) => settle(() => (w.error !== undefined ? Promise.reject(w.error) : w.run!()))));
    let stop = alreadyFailed;
    for (const [i, w] of wave.entries()) {
      const result = results[i];
      const creating = w.action !== 'update';
      const failStatus = w.action === 'create' ? 'CREATE_FAILED' : 'UPDATE_FAILED';
      if (result.status === 'fulfilled' && !stop) {
        if (w.action === 'replace') this.replacements.set(w.id, { physicalId: result.value.physicalId, props: w.props ?? {} });
        if (creating) {
          await this.resourceEvent(stackId, w.id, {
            ResourceStatus: w.action === 'create' ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS',
            ResourceStatusReason: 'Resource creation Initiated',
            PhysicalResourceId: result.value.physicalId,
            attributes: result.value.attributes,
          }, w.props);
          await this.sleep();
        }
        if (STABILIZED_TYPES.has(this.stack(stackId).resources[w.id].ResourceType)) {
          // CloudFormation's optimistic stabilization: configured, now waiting for the service to settle.
          await this.resourceEvent(stackId, w.id, {
            ResourceStatus: w.action === 'create' ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS',
            ResourceStatusReason: 'Eventual consistency check initiated',
            DetailedStatus: 'CONFIGURATION_COMPLETE',
          }, w.props);
        }
        await this.resourceEvent(stackId, w.id, {
          ResourceStatus: w.action === 'create' ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE',
          PhysicalResourceId: result.value.physicalId,
          attributes: result.value.attributes,
          properties: w.props ?? {},
        }, w.props);
        continue;
      }
      if (w.action === 'update' && w.props) this.attemptedProps.set(w.id, w.props);
      // Whatever exists must be known, so the rollback deletes it.
      const created = result.status === 'fulfilled' ? result.value.physicalId : (result.reason as { physicalId?: string })?.physicalId;
      if (created && w.action === 'replace') this.replacements.set(w.id, { physicalId: created, props: w.props ?? {} });
      const patch: Partial<StackResourceRecord> = {};
      if (created && creating) patch.PhysicalResourceId = created;
      if (result.status === 'fulfilled' && creating) patch.attributes = result.value.attributes;
      if (created && creating) patch.properties = w.props ?? {};
      let reason: string;
      if (stop) reason = w.action === 'update' ? 'Resource update cancelled' : 'Resource creation cancelled';
      else if (w.error !== undefined) reason = typeof (w.error as Error).message === 'string' ? (w.error as Error).message : String(w.error);
      else reason = handlerFailureReason(result.status === 'rejected' ? result.reason : undefined, this.stack(stackId).resources[w.id].ResourceType, uuid());
      await this.resourceEvent(stackId, w.id, { ...patch, ResourceStatus: failStatus, ResourceStatusReason: reason }, w.props);
      failed.push(w.id);
      stop = true;
    }
    return { failed };
  }

  protected resolveProps(ctx: StackContext, stack: StackRecord, id: string): Record<string, unknown> {
    const decl = ctx.template.Resources[id];
    return (resolveValue(decl.Properties ?? {}, ctx.rc(stack.resources)) ?? {}) as Record<string, unknown>;
  }

  protected async resolveOutputs(stackId: string, ctx: StackContext): Promise<string | undefined> {
    const stack = this.stack(stackId);
    const rc = ctx.rc(stack.resources, 'Outputs');
    const outputs: StackRecord['Outputs'] = [];
    try {
      for (const [key, o] of Object.entries(ctx.template.Outputs ?? {})) {
        if (o.Condition !== undefined && !ctx.conditions[o.Condition]) continue;
        const out: StackRecord['Outputs'][number] = { OutputKey: key, OutputValue: resolveString(o.Value, rc, `Output ${key}`) };
        if (o.Description !== undefined) out.Description = resolveString(o.Description, rc, `Output ${key} Description`);
        if (o.Export) out.ExportName = resolveString(o.Export.Name, rc, `Output ${key} Export Name`);
        outputs.push(out);
      }
    } catch (e) {
      return (e as Error).message;
    }
    const exported = exportsOf(this.deps.state(), stackId);
    for (const o of outputs) {
      const other = o.ExportName ? exported.get(o.ExportName) : undefined;
      if (other) return `Export with name ${o.ExportName} is already exported by stack ${other.stack.StackName}`;
    }
    stack.Outputs = outputs;
    return undefined;
  }

  protected waves(ctx: StackContext): string[][] {
    const graph = dependencyGraph(ctx.template);
    const active = new Set(ctx.active);
    for (const id of [...graph.keys()]) if (!active.has(id)) graph.delete(id);
    return creationWaves(graph);
  }

  protected newRecord(ctx: StackContext, id: string): StackResourceRecord {
    const decl = ctx.template.Resources[id];
    const r: StackResourceRecord = {
      LogicalResourceId: id, ResourceType: decl.Type, ResourceStatus: 'CREATE_IN_PROGRESS', Timestamp: this.deps.now(),
      properties: {}, attributes: {},
    };
    if (decl.Metadata !== undefined) r.Metadata = decl.Metadata;
    return r;
  }

  /** What a wave item does for resource `id`: its resolved properties and the handler call (or the error instead). */
  protected plan(ctx: StackContext, stack: StackRecord, id: string, action: Action, clients: ServiceClients | undefined, credentialError: unknown, previous?: StackResourceRecord) {
    const type = ctx.template.Resources[id].Type;
    const handler = this.types[type];
    let props: Record<string, unknown> | undefined;
    try {
      props = this.resolveProps(ctx, stack, id);
    } catch (error) {
      return { id, action, error };
    }
    if (!clients) return { id, action, props, error: credentialError };
    if (!handler) {
      const at = { stackName: stack.StackName, logicalId: id, region: this.deps.region, accountId: this.deps.accountId };
      const credentials = this.operationCredentials;
      return { id, action, props, run: () => createUnmodelled(type, props!, at, credentials, this.deps.authorizeAs) };
    }
    const rc = this.resourceContext(stack, id, type, clients);
    const run = action === 'update'
      ? () => handler.update(previous!.PhysicalResourceId!, props!, previous!.properties, rc, previous!.attributes)
      : () => handler.create(props!, rc);
    return { id, action, props, run };
  }

  protected async deleteResources(stackId: string, ctx: StackContext | undefined, clients: ServiceClients | undefined, retain: Set<string>, only?: Set<string>): Promise<string[]> {
    const stack = this.stack(stackId);
    const template = ctx?.template ?? parseTemplate(stack.TemplateBody);
    const graph = dependencyGraph(template);
    const ids = Object.keys(stack.resources).filter((id) => !only || only.has(id));
    for (const id of [...graph.keys()]) if (!ids.includes(id)) graph.delete(id);
    for (const id of ids) if (!graph.has(id)) graph.set(id, []);
    const waves = creationWaves(graph).reverse();
    const failed: string[] = [];
    const blocked = new Set<string>();
    for (const wave of waves) {
      const work: { id: string; outcome: Promise<PromiseSettledResult<void>> }[] = [];
      for (const id of wave) {
        const r = this.stack(stackId).resources[id];
        if (!r || r.ResourceStatus === 'DELETE_COMPLETE' || r.ResourceStatus === 'DELETE_SKIPPED') continue;
        if (blocked.has(id)) {
          // Kept because something that depends on it could not be deleted: so are its own dependencies.
          for (const dep of graph.get(id) ?? []) blocked.add(dep);
          continue;
        }
        const policy = template.Resources[id]?.DeletionPolicy;
        if (retain.has(id) || policy === 'Retain' || policy === 'RetainExceptOnCreate' && stack.StackStatus !== 'ROLLBACK_IN_PROGRESS') {
          await this.resourceEvent(stackId, id, { ResourceStatus: 'DELETE_SKIPPED' });
          continue;
        }
        if (!r.PhysicalResourceId) {
          await this.resourceEvent(stackId, id, { ResourceStatus: 'DELETE_COMPLETE' });
          continue;
        }
        await this.resourceEvent(stackId, id, { ResourceStatus: 'DELETE_IN_PROGRESS' });
        const handler = this.types[r.ResourceType];
        const physicalId = r.PhysicalResourceId;
        const rc = clients && this.resourceContext(this.stack(stackId), id, r.ResourceType, clients);
        // Settled at once: a handler that fails while the engine sleeps must not be an unhandled rejection (Node
        // ends the process on one), and a handler that throws synchronously fails its resource, not the engine.
        const outcome = settle(async () => {
          if (!handler) return;
          if (!rc) throw this.clientError;
          await handler.delete(physicalId, r.properties, rc);
        });
        work.push({ id, outcome });
      }
      if (!work.length) continue;
      await this.sleep();
      const results = await Promise.all(work.map((w) => w.outcome));
      for (const [i, w] of work.entries()) {
        const result = results[i];
        if (result.status === 'fulfilled') {
          await this.resourceEvent(stackId, w.id, { ResourceStatus: 'DELETE_COMPLETE' });
        } else {
          const type = this.stack(stackId).resources[w.id].ResourceType;
          await this.resourceEvent(stackId, w.id, { ResourceStatus: 'DELETE_FAILED', ResourceStatusReason: handlerFailureReason(result.reason, type, uuid()) });
          failed.push(w.id);
          for (const dep of graph.get(w.id) ?? []) blocked.add(dep);
        }
      }
    }
    return failed;
  }
}
