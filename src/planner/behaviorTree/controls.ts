/**
 * BehaviorTree.CPP v4's control nodes. Sequence and Fallback remember the child that was
 * RUNNING and resume there; their Reactive forms tick from the first child every time, so a
 * condition in front can stop (halt) the running action behind it. Parallel ticks all children
 * and ends by its success_count / failure_count thresholds (-1: all of them).
 */
import { ParentNode, type Status } from './TreeNode.ts';

/**
 * Ticks the children in order, resuming at the one that was RUNNING; the first child that answers
 * `decisive` ends it with that answer, and when none does it ends with the other.
 */
abstract class OrderedControl extends ParentNode {
  protected abstract readonly decisive: Status;
  private current = 0;

  protected onTick(): Status {
    while (this.current < this.children.length) {
      const status = this.children[this.current]!.tick();
      if (status === 'RUNNING') return 'RUNNING';
      if (status === this.decisive) return this.finish(status);
      this.current++;
    }
    return this.finish(this.decisive === 'FAILURE' ? 'SUCCESS' : 'FAILURE');
  }

  private finish(status: Status): Status {
    this.haltChildren();
    this.current = 0;
    return status;
  }

  protected override onHalt(): void {
    super.onHalt();
    this.current = 0;
  }
}

export class Sequence extends OrderedControl {
  protected readonly decisive = 'FAILURE';
}

export class Fallback extends OrderedControl {
  protected readonly decisive = 'SUCCESS';
}

/** As OrderedControl, but from the first child on every tick; children after a RUNNING one are halted. */
abstract class ReactiveControl extends ParentNode {
  protected abstract readonly decisive: Status;

  protected onTick(): Status {
    for (let k = 0; k < this.children.length; k++) {
      const status = this.children[k]!.tick();
      if (status === 'RUNNING') {
        this.haltChildren(k + 1);
        return 'RUNNING';
      }
      if (status === this.decisive) {
        this.haltChildren();
        return status;
      }
    }
    this.haltChildren();
    return this.decisive === 'FAILURE' ? 'SUCCESS' : 'FAILURE';
  }
}

export class ReactiveSequence extends ReactiveControl {
  protected readonly decisive = 'FAILURE';
}

export class ReactiveFallback extends ReactiveControl {
  protected readonly decisive = 'SUCCESS';
}

export class Parallel extends ParentNode {
  private readonly done = new Map<number, Status>();

  protected onTick(): Status {
    const n = this.children.length;
    const threshold = (port: string, fallback: number) => {
      const value = this.numberInput(port, fallback);
      return value < 0 ? n + 1 + value : value;
    };
    const needSuccess = threshold('success_count', -1);
    const needFailure = threshold('failure_count', 1);
    for (let k = 0; k < n; k++) {
      if (this.done.has(k)) continue;
      const status = this.children[k]!.tick();
      if (status !== 'RUNNING') this.done.set(k, status);
    }
    const count = (status: Status) => [...this.done.values()].filter((s) => s === status).length;
    const outcome: Status | undefined =
      count('SUCCESS') >= needSuccess
        ? 'SUCCESS'
        : count('FAILURE') >= needFailure || n - count('FAILURE') < needSuccess
          ? 'FAILURE'
          : undefined;
    if (!outcome) return 'RUNNING';
    this.haltChildren();
    this.done.clear();
    return outcome;
  }

  protected override onHalt(): void {
    super.onHalt();
    this.done.clear();
  }
}
