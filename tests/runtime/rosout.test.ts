import { describe, expect, it } from 'vitest';
import { QOS_ROSOUT } from '../../src/runtime/Qos.ts';
import { testContext } from './helpers.ts';

describe('/rosout', () => {
  it("carries every node's enabled log lines as rcl_interfaces/msg/Log, kept for late joiners", () => {
    const { context, logs } = testContext();
    const node = context.createNode('planner', { namespace: '/robot' });
    node.getLogger().info('picking the sock');
    node.getLogger().debug('not enabled at info');
    node.getLogger().error('the gripper stalled');
    const heard: Array<{ level: number; name: string; msg: string; sec: number }> = [];
    context
      .createNode('rqt_console')
      .createSubscription('rcl_interfaces/msg/Log', '/rosout', { qos: QOS_ROSOUT }, (m) =>
        heard.push({ level: m.level, name: m.name, msg: m.msg, sec: m.stamp.sec }),
      );
    context.spinSome();
    expect(heard.map(({ level, name, msg }) => ({ level, name, msg }))).toEqual([
      { level: 20, name: 'robot.planner', msg: 'picking the sock' },
      { level: 40, name: 'robot.planner', msg: 'the gripper stalled' },
    ]);
    expect(heard[0]!.sec).toBe(Number(logs[0]!.stampNs / 1_000_000_000n));
    expect(
      context.transport
        .graph()
        .publishers.filter((p) => p.topic === '/rosout')
        .map((p) => p.node),
    ).toEqual(['/robot/planner', '/rqt_console']);
  });
});
