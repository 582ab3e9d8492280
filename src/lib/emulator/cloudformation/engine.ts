/**
 * The stack engine: runs a stack's create, update or delete after the API call has returned, a wave of resources at
 * a time, recording events as CloudFormation does, and rolls back on failure.
 */
import type { StackRecord } from '../services/cloudformation/model';
import { findStack } from '../services/cloudformation/model';
import { EngineCore, failureList } from './engine-core';
import { recordEvent, STACK_TYPE } from './events';
import type { ServiceClients } from './resources/types';
import type { StackContext } from './stack-context';
import { ContinueRollback } from './continue-rollback';
import { StackUpdate } from './stack-update';

export type { EngineDeps } from './engine-core';
export { InFlight } from './in-flight';

export class StackEngine extends EngineCore {
  /**
   * Record the operation's first event at once (so DescribeStacks and DescribeStackEvents show it as the API call
   * returns), then run it in the background.
   */
  begin(stack: StackRecord, status: 'CREATE_IN_PROGRESS' | 'UPDATE_IN_PROGRESS' | 'DELETE_IN_PROGRESS' | 'UPDATE_ROLLBACK_IN_PROGRESS'): void {
    this.deps.inFlight.add(stack);
    stack.StackStatus = status;
    stack.StackStatusReason = 'User Initiated';
    recordEvent(stack, { LogicalResourceId: stack.StackName, PhysicalResourceId: stack.StackId, ResourceType: STACK_TYPE, ResourceStatus: status, ResourceStatusReason: 'User Initiated' }, this.deps.now());
    this.start(stack.StackId);
  }

  /** Start the stack's recorded operation (stack.operation) in the background. */
  start(stackId: string): void {
    this.deps.schedule(() => this.run(stackId));
  }

  async run(stackId: string): Promise<void> {
    const op = this.stack(stackId).operation;
    try {
      if (op?.kind === 'CREATE') await this.create(stackId);
      else if (op?.kind === 'UPDATE') await new StackUpdate(this.deps).run(stackId);
      else if (op?.kind === 'DELETE') await this.delete(stackId);
      else if (op?.kind === 'CONTINUE_ROLLBACK') await new ContinueRollback(this.deps).continueRollback(stackId);
    } catch (e) {
      await this.internalFailure(stackId, e);
    } finally {
      const s = this.stack(stackId);
      if (!s.StackStatus.endsWith('_IN_PROGRESS')) {
        // A failed update rollback keeps what ContinueUpdateRollback needs (the stack as it was).
        if (s.StackStatus === 'UPDATE_ROLLBACK_FAILED' && s.operation?.previous) {
          s.operation.kind = 'UPDATE';
          delete s.operation.credentials; // ContinueUpdateRollback brings its caller's
        } else delete s.operation;
        this.deps.inFlight.finish(stackId);
      }
      await this.deps.commit();
    }
  }

  /**
   * Carry on with an operation a reload cut short. A create rolls back (resources still in progress are cancelled), a
   * delete runs again (deleting what is already gone succeeds).
   * AWS difference: AWS never stops mid-operation; an update cut short here ends UPDATE_ROLLBACK_FAILED and the
   * learner continues with ContinueUpdateRollback (or deletes the stack), as after any failed rollback.
   */
  resume(stackId: string): void {
    const record = findStack(this.deps.state(), stackId);
    if (record) this.deps.inFlight.add(record);
    this.deps.schedule(async () => {
      const s = this.stack(stackId);
      const kind = s.operation?.kind;
      if (kind === 'DELETE') return this.run(stackId);
      const inProgress = Object.values(s.resources).filter((r) => r.ResourceStatus.endsWith('_IN_PROGRESS'));
      for (const r of inProgress) {
        const status = r.ResourceStatus.startsWith('UPDATE') ? 'UPDATE_FAILED' : r.ResourceStatus.startsWith('DELETE') ? 'DELETE_FAILED' : 'CREATE_FAILED';
        const reason = status === 'CREATE_FAILED' ? 'Resource creation cancelled' : status === 'UPDATE_FAILED' ? 'Resource update cancelled' : 'Resource deletion cancelled';
        await this.resourceEvent(stackId, r.LogicalResourceId, { ResourceStatus: status, ResourceStatusReason: reason });
      }
      try {
        if (kind === 'CREATE' && s.StackStatus === 'CREATE_IN_PROGRESS') {
          const clients = await this.clientsFor(stackId);
          const failed = inProgress.map((r) => r.LogicalResourceId);
          await this.failCreate(stackId, this.context(s), `The following resource(s) failed to create: ${failureList(failed)}. `, clients);
        } else if (s.StackStatus.endsWith('_IN_PROGRESS')) {
          await this.stackStatus(stackId, failedStatus(s.StackStatus), 'The sandbox was reloaded while this stack operation was in progress.');
        }
      } catch (e) {
        await this.internalFailure(stackId, e);
      } finally {
        const after = this.stack(stackId);
        if (!after.StackStatus.endsWith('_IN_PROGRESS')) {
          if (!(after.StackStatus === 'UPDATE_ROLLBACK_FAILED' && after.operation?.previous)) delete after.operation;
          this.deps.inFlight.finish(stackId);
        }
      }
    });
  }

  /**
   * An error no handler caught (a fault in the engine itself): logged as an internal error, and the stack ends in
   * the failed status of the step it was in, with resources still in progress failed, as CloudFormation reports its
   * own "Internal Failure". Nothing is left *_IN_PROGRESS and the sandbox keeps serving.
   */
  private async internalFailure(stackId: string, error: unknown): Promise<void> {
    console.error('[sandbox] internal error in a CloudFormation stack operation:', error);
    try {
      const s = this.stack(stackId);
      if (!s.StackStatus.endsWith('_IN_PROGRESS')) return;
      for (const r of Object.values(s.resources)) {
        if (!r.ResourceStatus.endsWith('_IN_PROGRESS')) continue;
        const status = r.ResourceStatus.startsWith('UPDATE') ? 'UPDATE_FAILED' : r.ResourceStatus.startsWith('DELETE') ? 'DELETE_FAILED' : 'CREATE_FAILED';
        await this.resourceEvent(stackId, r.LogicalResourceId, { ResourceStatus: status, ResourceStatusReason: 'Internal Failure' });
      }
      await this.stackStatus(stackId, failedStatus(s.StackStatus), 'Internal Failure');
    } catch (e) {
      console.error('[sandbox] could not record the failure of stack', stackId, e);
    }
  }

  private async create(stackId: string): Promise<void> {
    await this.sleep();
    const ctx = this.context(this.stack(stackId));
    let failed: string[] = [];
    const clients = await this.clientsFor(stackId);
    const credentialError = this.clientError;
    for (const wave of this.waves(ctx)) {
      const items = wave.map((id) => {
        const s = this.stack(stackId);
        // A resource gets its record when its wave starts (DescribeStackResources lists only started ones).
        s.resources[id] = this.newRecord(ctx, id);
        return this.plan(ctx, s, id, 'create', clients, credentialError);
      });
      const outcome = await this.runWave(stackId, items, false);
      failed = outcome.failed;
      if (failed.length) break;
    }
    if (!failed.length) {
      const outputError = await this.resolveOutputs(stackId, ctx);
      if (!outputError) {
        this.stack(stackId).Imports = [...ctx.imports];
        await this.sleep();
        await this.stackStatus(stackId, 'CREATE_IN_PROGRESS', 'Eventual consistency check initiated', 'CONFIGURATION_COMPLETE');
        await this.sleep();
        await this.stackStatus(stackId, 'CREATE_COMPLETE');
        return;
      }
      return this.failCreate(stackId, ctx, outputError, clients);
    }
    return this.failCreate(stackId, ctx, `The following resource(s) failed to create: ${failureList(failed)}. `, clients);
  }

  private async failCreate(stackId: string, ctx: StackContext, reason: string, clients: ServiceClients | undefined): Promise<void> {
    const stack = this.stack(stackId);
    if (stack.OnFailure === 'DO_NOTHING') {
      await this.stackStatus(stackId, 'CREATE_FAILED', reason);
      return;
    }
    const suffix = stack.OnFailure === 'DELETE' ? 'Delete requested by user.' : 'Rollback requested by user.';
    await this.stackStatus(stackId, 'ROLLBACK_IN_PROGRESS', reason.endsWith('. ') ? reason + suffix : `${reason}. ${suffix}`);
    await this.sleep();
    const failedDeletes = await this.deleteResources(stackId, ctx, clients, new Set());
    if (failedDeletes.length) {
      await this.stackStatus(stackId, 'ROLLBACK_FAILED', `The following resource(s) failed to delete: ${failureList(failedDeletes)}. `);
      return;
    }
    await this.stackStatus(stackId, stack.OnFailure === 'DELETE' ? 'DELETE_COMPLETE' : 'ROLLBACK_COMPLETE');
  }

  /**
   * Delete the stack's resources in reverse dependency order. Returns the ones that failed; resources they depend on
   * are left alone, as CloudFormation cannot delete them either.
   */
  private async delete(stackId: string): Promise<void> {
    await this.sleep();
    const stack = this.stack(stackId);
    const users = this.deps.state().stacks.filter((s) => s.StackStatus !== 'DELETE_COMPLETE' && s.StackId !== stackId);
    for (const o of stack.Outputs) {
      const user = o.ExportName ? users.find((s) => s.Imports?.includes(o.ExportName!)) : undefined;
      if (user) {
        await this.stackStatus(stackId, 'DELETE_FAILED', `Export ${o.ExportName} cannot be deleted as it is in use by ${user.StackName}`);
        return;
      }
    }
    const clients = await this.clientsFor(stackId);
    if (!clients && stack.operation?.roleArn) {
      await this.stackStatus(stackId, 'DELETE_FAILED', this.clientError!.message);
      return;
    }
    const retain = new Set(stack.operation?.retainResources ?? []);
    const failed = await this.deleteResources(stackId, undefined, clients, retain);
    if (failed.length) {
      await this.stackStatus(stackId, 'DELETE_FAILED', `The following resource(s) failed to delete: ${failureList(failed)}. `);
      return;
    }
    await this.stackStatus(stackId, 'DELETE_COMPLETE');
  }
}

/** Where an operation interrupted at `status` ends. */
export function failedStatus(status: StackRecord['StackStatus']): StackRecord['StackStatus'] {
  if (status === 'CREATE_IN_PROGRESS') return 'CREATE_FAILED';
  if (status.startsWith('ROLLBACK')) return 'ROLLBACK_FAILED';
  if (status.startsWith('DELETE')) return 'DELETE_FAILED';
  // UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: the update itself succeeded.
  if (status === 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS') return 'UPDATE_COMPLETE';
  return 'UPDATE_ROLLBACK_FAILED';
}
