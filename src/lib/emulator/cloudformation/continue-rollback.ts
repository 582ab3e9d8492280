/**
 * ContinueUpdateRollback's operation: a stack left UPDATE_ROLLBACK_FAILED rolls back again from where it stands —
 * resources the update changed are put back, those it created (and the new halves of replacements) deleted — and
 * ResourcesToSkip are marked rolled back without calling their handler.
 */
import type { StackResourceRecord } from '../services/cloudformation/model';
import { StackUpdate } from './stack-update';

const live = (r: StackResourceRecord | undefined) => !!r && !!r.PhysicalResourceId && !['DELETE_COMPLETE', 'CREATE_FAILED'].includes(r.ResourceStatus);

export class ContinueRollback extends StackUpdate {
  async continueRollback(stackId: string): Promise<void> {
    await this.sleep();
    const stack = this.stack(stackId);
    const op = stack.operation!;
    const previous = op.previous!;
    const clients = await this.clientsFor(stackId);
    const created: string[] = [];
    const replaced = new Map<string, StackResourceRecord>();
    const updated = new Map<string, StackResourceRecord>();
    for (const [id, now] of Object.entries(stack.resources)) {
      const old = previous.resources[id];
      if (!live(old)) {
        if (live(now) || now.ResourceStatus === 'CREATE_FAILED') created.push(id);
        continue;
      }
      if (now.PhysicalResourceId && now.PhysicalResourceId !== old.PhysicalResourceId) {
        replaced.set(id, structuredClone(old));
        this.replacements.set(id, { physicalId: now.PhysicalResourceId, props: now.properties });
      } else if (now.ResourceStatus === 'UPDATE_FAILED' || JSON.stringify(now.properties) !== JSON.stringify(old.properties)) {
        updated.set(id, structuredClone(old));
        const attempted = op.attempted?.[id];
        if (attempted) this.attemptedProps.set(id, attempted);
      }
    }
    // The failed update's template: it declares what the update created, which the clean-up deletes.
    const ctx = this.context(stack);
    await this.rollBackUpdate(stackId, ctx, 'User Initiated', previous, created, replaced, updated, clients, new Set(op.resourcesToSkip ?? []));
  }
}
