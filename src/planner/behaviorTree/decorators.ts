/**
 * BehaviorTree.CPP v4's decorators: one child, its status changed, repeated or bounded in time.
 * Timeout and Delay count milliseconds on the tree's clock, so a tree on sim time keeps them in
 * sim time.
 */
import { ParentNode, type Status } from './TreeNode.ts';

abstract class Decorator extends ParentNode {
  protected get child() {
    return this.children[0]!;
  }
}

export class Inverter extends Decorator {
  protected onTick(): Status {
    const status = this.child.tick();
    return status === 'SUCCESS' ? 'FAILURE' : status === 'FAILURE' ? 'SUCCESS' : 'RUNNING';
  }
}

export class ForceSuccess extends Decorator {
  protected onTick(): Status {
    return this.child.tick() === 'RUNNING' ? 'RUNNING' : 'SUCCESS';
  }
}

export class ForceFailure extends Decorator {
  protected onTick(): Status {
    return this.child.tick() === 'RUNNING' ? 'RUNNING' : 'FAILURE';
  }
}

/** Ticks the child again after each FAILURE, up to num_attempts times (-1: forever). */
export class RetryUntilSuccessful extends Decorator {
  private tries = 0;

  protected onTick(): Status {
    const attempts = this.numberInput('num_attempts');
    for (;;) {
      const status = this.child.tick();
      if (status !== 'FAILURE') {
        if (status === 'SUCCESS') this.tries = 0;
        return status;
      }
      this.child.halt();
      this.tries++;
      if (attempts >= 0 && this.tries >= attempts) {
        this.tries = 0;
        return 'FAILURE';
      }
    }
  }

  protected override onHalt(): void {
    super.onHalt();
    this.tries = 0;
  }
}

/** Ticks the child again after each SUCCESS, num_cycles times (-1: forever); a FAILURE ends it. */
export class Repeat extends Decorator {
  private cycles = 0;

  protected onTick(): Status {
    const wanted = this.numberInput('num_cycles');
    for (;;) {
      const status = this.child.tick();
      if (status !== 'SUCCESS') {
        if (status === 'FAILURE') this.cycles = 0;
        return status;
      }
      this.child.halt();
      this.cycles++;
      if (wanted >= 0 && this.cycles >= wanted) {
        this.cycles = 0;
        return 'SUCCESS';
      }
      // A child that succeeds at once would loop here without end; give the others a turn.
      return 'RUNNING';
    }
  }

  protected override onHalt(): void {
    super.onHalt();
    this.cycles = 0;
  }
}

/** RUNNING while the child succeeds (each success starts it again); FAILURE when it fails. */
export class KeepRunningUntilFailure extends Decorator {
  protected onTick(): Status {
    const status = this.child.tick();
    if (status === 'FAILURE') return 'FAILURE';
    if (status === 'SUCCESS') this.child.halt();
    return 'RUNNING';
  }
}

/** FAILURE (the child halted) when the child runs longer than msec. */
export class Timeout extends Decorator {
  private startedMs: number | undefined;

  protected onTick(): Status {
    const limit = this.numberInput('msec');
    this.startedMs ??= this.config.now();
    if (this.config.now() - this.startedMs > limit) {
      this.child.halt();
      this.startedMs = undefined;
      return 'FAILURE';
    }
    const status = this.child.tick();
    if (status !== 'RUNNING') this.startedMs = undefined;
    return status;
  }

  protected override onHalt(): void {
    super.onHalt();
    this.startedMs = undefined;
  }
}

/** Waits delay_msec, then ticks the child. */
export class Delay extends Decorator {
  private startedMs: number | undefined;

  protected onTick(): Status {
    this.startedMs ??= this.config.now();
    if (this.config.now() - this.startedMs < this.numberInput('delay_msec')) return 'RUNNING';
    const status = this.child.tick();
    if (status !== 'RUNNING') this.startedMs = undefined;
    return status;
  }

  protected override onHalt(): void {
    super.onHalt();
    this.startedMs = undefined;
  }
}
