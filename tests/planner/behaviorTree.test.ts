import { describe, expect, it } from 'vitest';
import {
  AsyncActionNode,
  ConditionNode,
  TreeFactory,
  TreeNode,
  type Status,
} from '../../src/planner/behaviorTree/index.ts';

/** A leaf that answers the scripted statuses in turn (the last one repeats) and counts ticks and halts. */
function scripted(factory: TreeFactory, type: string, script: Status[]) {
  const counts = { ticks: 0, halts: 0 };
  class Scripted extends TreeNode {
    protected onTick(): Status {
      return script[Math.min(counts.ticks++, script.length - 1)]!;
    }
    protected override onHalt(): void {
      counts.halts++;
    }
  }
  factory.register(type, 'leaf', (config) => new Scripted(config));
  return counts;
}

const tree = (body: string, extra = '') =>
  `<root BTCPP_format="4" main_tree_to_execute="Main"><BehaviorTree ID="Main">${body}</BehaviorTree>${extra}</root>`;

describe('behaviour tree engine (BehaviorTree.CPP v4 XML)', () => {
  it('a Sequence resumes at its running child instead of ticking the ones before again', () => {
    const factory = new TreeFactory();
    const first = scripted(factory, 'First', ['SUCCESS']);
    const second = scripted(factory, 'Second', ['RUNNING', 'RUNNING', 'SUCCESS']);
    const t = factory.createTree(tree('<Sequence><First/><Second/></Sequence>'));
    expect([t.tick(), t.tick(), t.tick()]).toEqual(['RUNNING', 'RUNNING', 'SUCCESS']);
    expect(first.ticks).toBe(1);
    expect(second.ticks).toBe(3);
  });

  it('a ReactiveSequence re-checks its condition each tick and halts the running action when it fails', () => {
    const factory = new TreeFactory();
    let clear = true;
    factory.register('PathClear', 'leaf', (config) => new ConditionNode(config, () => clear));
    const drive = scripted(factory, 'Drive', ['RUNNING']);
    const t = factory.createTree(tree('<ReactiveSequence><PathClear/><Drive/></ReactiveSequence>'));
    expect(t.tick()).toBe('RUNNING');
    expect(t.tick()).toBe('RUNNING');
    clear = false;
    expect(t.tick()).toBe('FAILURE');
    expect(drive.halts).toBe(1);
    expect(drive.ticks).toBe(2);
  });

  it('a Fallback tries the next child after a failure; RetryUntilSuccessful stops after num_attempts', () => {
    const factory = new TreeFactory();
    const failing = scripted(factory, 'Failing', ['FAILURE']);
    const t = factory.createTree(
      tree(
        '<Fallback><RetryUntilSuccessful num_attempts="3"><Failing/></RetryUntilSuccessful><AlwaysSuccess/></Fallback>',
      ),
    );
    expect(t.tick()).toBe('SUCCESS');
    expect(failing.ticks).toBe(3);
  });

  it('Timeout fails and halts its child once the tree clock passes msec', () => {
    let nowMs = 0;
    const factory = new TreeFactory(() => nowMs);
    const slow = scripted(factory, 'Slow', ['RUNNING']);
    const t = factory.createTree(tree('<Timeout msec="500"><Slow/></Timeout>'));
    expect(t.tick()).toBe('RUNNING');
    nowMs = 400;
    expect(t.tick()).toBe('RUNNING');
    nowMs = 501;
    expect(t.tick()).toBe('FAILURE');
    expect(slow.halts).toBe(1);
  });

  it('ports read and write the blackboard, through a SubTree’s remapping and literals', () => {
    const factory = new TreeFactory();
    const seen: unknown[] = [];
    class Echo extends TreeNode {
      protected onTick(): Status {
        seen.push(this.input('in'), this.input('mode'));
        this.output('out', `${String(this.input('in'))}!`);
        return 'SUCCESS';
      }
    }
    factory.register('Echo', 'leaf', (config) => new Echo(config));
    const t = factory.createTree(
      tree(
        '<Sequence><SetBlackboard output_key="item" value="sock_3"/><SubTree ID="Inner" target="{item}" result="{said}" mode="gentle"/></Sequence>',
        '<BehaviorTree ID="Inner"><Echo in="{target}" mode="{mode}" out="{result}"/></BehaviorTree>',
      ),
    );
    expect(t.tick()).toBe('SUCCESS');
    expect(seen).toEqual(['sock_3', 'gentle']);
    expect(t.blackboard.get('said')).toBe('sock_3!');
    expect(t.blackboard.get('result')).toBeUndefined();
  });

  it('halting an asynchronous action aborts its signal; its result arrives on a later tick', async () => {
    const factory = new TreeFactory();
    const signals: AbortSignal[] = [];
    let finish: (ok: boolean) => void = () => {};
    factory.register(
      'Move',
      'leaf',
      (config) =>
        new AsyncActionNode(
          config,
          (_node, signal) => {
            signals.push(signal);
            return new Promise<boolean>((resolve) => (finish = resolve));
          },
          () => {},
        ),
    );
    const t = factory.createTree(tree('<Move/>'));
    expect(t.tick()).toBe('RUNNING');
    t.halt();
    expect(signals[0]!.aborted).toBe(true);
    expect(t.tick()).toBe('RUNNING');
    finish(true);
    await Promise.resolve();
    expect(t.tick()).toBe('SUCCESS');
    expect(signals).toHaveLength(2);
  });

  it('KeepRunningUntilFailure loops its child until it fails', () => {
    const factory = new TreeFactory();
    const work = scripted(factory, 'Work', ['SUCCESS', 'SUCCESS', 'FAILURE']);
    const t = factory.createTree(tree('<KeepRunningUntilFailure><Work/></KeepRunningUntilFailure>'));
    expect([t.tick(), t.tick(), t.tick()]).toEqual(['RUNNING', 'RUNNING', 'FAILURE']);
    expect(work.ticks).toBe(3);
  });

  it('names what is wrong in a tree it cannot build', () => {
    const factory = new TreeFactory();
    expect(() => factory.createTree(tree('<Fly/>'))).toThrow(/unknown node type 'Fly'/);
    expect(() =>
      factory.createTree('<root><BehaviorTree ID="A"><AlwaysSuccess/></BehaviorTree></root>'),
    ).toThrow(/BTCPP_format="4"/);
    expect(() => factory.createTree(tree('<Inverter><AlwaysSuccess/><AlwaysSuccess/></Inverter>'))).toThrow(
      /Inverter 'Inverter' needs 1 child/,
    );
    expect(() => factory.createTree(tree('<SubTree ID="Main"/>'))).toThrow(/includes itself/);
    expect(() => factory.createTree(tree('<Sequence>'))).toThrow(/not well-formed/);
  });

  it("reports every status change, leaf before parent, as Nav2's behavior_tree_log does", () => {
    const events: string[] = [];
    const factory = new TreeFactory(
      () => 0,
      (name, previous, current) => events.push(`${name} ${previous}→${current}`),
    );
    scripted(factory, 'Drive', ['RUNNING', 'SUCCESS']);
    const t = factory.createTree(tree('<Sequence name="Tidy"><Drive/><AlwaysSuccess/></Sequence>'));
    t.tick();
    expect(events.splice(0)).toEqual(['Drive IDLE→RUNNING', 'Tidy IDLE→RUNNING']);
    t.tick();
    expect(events.splice(0)).toEqual([
      'Drive RUNNING→SUCCESS',
      'AlwaysSuccess IDLE→SUCCESS',
      // The finished Sequence resets its children, as BehaviorTree.CPP does.
      'Drive SUCCESS→IDLE',
      'AlwaysSuccess SUCCESS→IDLE',
      'Tidy RUNNING→SUCCESS',
    ]);
    t.tick();
    t.halt();
    expect(events.splice(0)).toContain('Tidy SUCCESS→IDLE');
  });
});
