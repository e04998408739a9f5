import { describe, expect, it } from 'vitest';
import { setSimTime, testContext } from './helpers.ts';

describe('clock and timers', () => {
  it('with use_sim_time the clock follows /clock and timers fire in sim time', () => {
    const { context } = testContext(['--ros-args', '-p', 'use_sim_time:=true']);
    const sim = context.createNode('sim', { parameterOverrides: { use_sim_time: false } });
    const clockPublisher = sim.createPublisher('rosgraph_msgs/msg/Clock', '/clock');
    const node = context.createNode('controller');
    expect(node.now().nanoseconds).toBe(0n);
    const fired: number[] = [];
    node.createTimer(100_000_000n, () => fired.push(node.now().seconds));
    context.spinSome();
    expect(fired).toEqual([]);
    setSimTime(context, clockPublisher, 0.05);
    expect(fired).toEqual([]);
    setSimTime(context, clockPublisher, 0.1);
    expect(fired).toEqual([0.1]);
    setSimTime(context, clockPublisher, 0.35);
    expect(fired).toEqual([0.1, 0.35]);
    expect(node.now().seconds).toBe(0.35);
    expect(sim.getClock().isSimTime).toBe(false);
  });

  it('timers due at the same time run in creation order, and canceled timers stop', () => {
    const { context } = testContext(['--ros-args', '-p', 'use_sim_time:=true']);
    const clockPublisher = context
      .createNode('sim', { parameterOverrides: { use_sim_time: false } })
      .createPublisher('rosgraph_msgs/msg/Clock', '/clock');
    const node = context.createNode('n');
    const order: string[] = [];
    const a = node.createTimer(1_000_000_000n, () => order.push('a'));
    node.createTimer(1_000_000_000n, () => order.push('b'));
    setSimTime(context, clockPublisher, 1);
    a.cancel();
    setSimTime(context, clockPublisher, 2);
    expect(order).toEqual(['a', 'b', 'b']);
  });

  it('wall-clock timers fire while the executor spins', async () => {
    const { context } = testContext();
    const node = context.createNode('n');
    let count = 0;
    const done = new Promise<void>((resolve) =>
      node.createTimer(5_000_000n, () => ++count === 3 && resolve()),
    );
    context.spin();
    await done;
    await context.shutdown();
    expect(count).toBe(3);
  });
});
