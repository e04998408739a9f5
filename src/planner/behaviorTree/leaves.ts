/**
 * Leaves: the built-in ones of BehaviorTree.CPP v4 (AlwaysSuccess, AlwaysFailure, SetBlackboard,
 * Sleep) and the shapes an application's leaves take: a condition (a synchronous check, never
 * RUNNING), a wait (RUNNING until a check holds) and an asynchronous action (a promise the tree polls each tick; halting it
 * aborts its signal, which the action passes on, e.g. as an action goal's cancel).
 */
import { TreeNode, type NodeConfig, type Status } from './TreeNode.ts';

export class AlwaysSuccess extends TreeNode {
  protected onTick(): Status {
    return 'SUCCESS';
  }
}

export class AlwaysFailure extends TreeNode {
  protected onTick(): Status {
    return 'FAILURE';
  }
}

/** Writes `value` to the blackboard entry `output_key` names. */
export class SetBlackboard extends TreeNode {
  protected onTick(): Status {
    const key = this.requireInput<string>('output_key').replace(/^\{(.*)\}$/, '$1');
    this.config.blackboard.set(key, this.input('value'));
    return 'SUCCESS';
  }
}

export class Sleep extends TreeNode {
  private startedMs: number | undefined;

  protected onTick(): Status {
    this.startedMs ??= this.config.now();
    if (this.config.now() - this.startedMs < this.numberInput('msec')) return 'RUNNING';
    this.startedMs = undefined;
    return 'SUCCESS';
  }

  protected override onHalt(): void {
    this.startedMs = undefined;
  }
}

export class ConditionNode extends TreeNode {
  constructor(
    config: NodeConfig,
    private readonly check: (node: TreeNode) => boolean,
  ) {
    super(config);
  }

  protected onTick(): Status {
    return this.check(this) ? 'SUCCESS' : 'FAILURE';
  }
}

/** A leaf that is RUNNING until its check holds (waiting on the world without a promise). */
export class WaitUntilNode extends TreeNode {
  constructor(
    config: NodeConfig,
    private readonly check: (node: TreeNode) => boolean,
  ) {
    super(config);
  }

  protected onTick(): Status {
    return this.check(this) ? 'SUCCESS' : 'RUNNING';
  }
}

/** What an asynchronous action resolves to: true for SUCCESS, false for FAILURE. */
export type AsyncActionBody = (node: TreeNode, signal: AbortSignal) => Promise<boolean>;

export class AsyncActionNode extends TreeNode {
  private pending: { done?: Status; abort: AbortController } | undefined;

  constructor(
    config: NodeConfig,
    private readonly body: AsyncActionBody,
    /** Where an action's thrown error is reported (it ends the action with FAILURE). */
    private readonly onError: (node: TreeNode, error: Error) => void,
  ) {
    super(config);
  }

  protected onTick(): Status {
    if (!this.pending) {
      const pending: { done?: Status; abort: AbortController } = { abort: new AbortController() };
      this.pending = pending;
      this.body(this, pending.abort.signal).then(
        (ok) => (pending.done = ok ? 'SUCCESS' : 'FAILURE'),
        (error: unknown) => {
          if (!pending.abort.signal.aborted) this.onError(this, error as Error);
          pending.done = 'FAILURE';
        },
      );
    }
    const done = this.pending.done;
    if (!done) return 'RUNNING';
    this.pending = undefined;
    return done;
  }

  protected override onHalt(): void {
    this.pending?.abort.abort();
    this.pending = undefined;
  }
}
