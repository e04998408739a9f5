/**
 * BehaviorTree.CPP v4's control nodes. Sequence and Fallback remember the child that was
 * RUNNING and resume there; their Reactive forms tick from the first child every time, so a
 * condition in front can stop (halt) the running action behind it. Parallel ticks all children
 * and ends by its success_count / failure_count thresholds (-1: all of them).
 */
import { ParentNode, type Status } from './TreeNode.ts';

export class Sequence extends ParentNode {
  private current = 0;

  protected onTick(): Status {
    while (this.current < this.children.length) {
      const status = this.children[this.current]!.tick();
      if (status === 'RUNNING') return 'RUNNING';
      if (status === 'FAILURE') return this.finish('FAILURE');
      this.current++;
    }
    return this.finish('SUCCESS');
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

export class Fallback extends ParentNode {
  private current = 0;

  protected onTick(): Status {
    while (this.current < this.children.length) {
      const status = this.children[this.current]!.tick();
      if (status === 'RUNNING') return 'RUNNING';
      if (status === 'SUCCESS') return this.finish('SUCCESS');
      this.current++;
    }
    return this.finish('FAILURE');
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

export class ReactiveSequence extends ParentNode {
  protected onTick(): Status {
    for (let k = 0; k < this.children.length; k++) {
      const status = this.children[k]!.tick();
      if (status === 'RUNNING') {
        this.haltChildren(k + 1);
        return 'RUNNING';
      }
      if (status === 'FAILURE') {
        this.haltChildren();
        return 'FAILURE';
      }
    }
    this.haltChildren();
    return 'SUCCESS';
  }
}

export class ReactiveFallback extends ParentNode {
  protected onTick(): Status {
    for (let k = 0; k < this.children.length; k++) {
      const status = this.children[k]!.tick();
      if (status === 'RUNNING') {
        this.haltChildren(k + 1);
        return 'RUNNING';
      }
      if (status === 'SUCCESS') {
        this.haltChildren();
        return 'SUCCESS';
      }
    }
    this.haltChildren();
    return 'FAILURE';
  }
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
