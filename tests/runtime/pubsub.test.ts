import { describe, expect, it } from 'vitest';
import { testContext } from './helpers.ts';

describe('topics on the in-process bus', () => {
  it('delivers messages in order once the executor spins', () => {
    const { context } = testContext();
    const talker = context.createNode('talker');
    const listener = context.createNode('listener');
    const heard: string[] = [];
    listener.createSubscription('std_msgs/msg/String', 'chatter', (msg) => heard.push(msg.data));
    const publisher = talker.createPublisher('std_msgs/msg/String', 'chatter');
    publisher.publish({ data: 'a' });
    publisher.publish({ data: 'b' });
    expect(heard).toEqual([]);
    context.spinSome();
    expect(heard).toEqual(['a', 'b']);
  });

  it('delivers typed-array payloads without copying them', () => {
    const { context } = testContext();
    const node = context.createNode('camera');
    const received: Uint8Array[] = [];
    node.createSubscription('sensor_msgs/msg/Image', 'image', (msg) => received.push(msg.data as Uint8Array));
    const image = context.registry.create('sensor_msgs/msg/Image', {
      width: 640,
      height: 480,
      step: 1920,
      encoding: 'rgb8',
      data: new Uint8Array(640 * 480 * 3),
    });
    node.createPublisher('sensor_msgs/msg/Image', 'image').publish(image as never);
    context.spinSome();
    expect(received[0]).toBe((image as { data: Uint8Array }).data);
  });

  it('keep-last depth drops the oldest messages when the subscriber falls behind', () => {
    const { context } = testContext();
    const node = context.createNode('n');
    const heard: number[] = [];
    const subscription = node.createSubscription(
      'std_msgs/msg/Int32',
      'numbers',
      { qos: { depth: 3 } },
      (msg) => heard.push(msg.data),
    );
    const publisher = node.createPublisher('std_msgs/msg/Int32', 'numbers', { depth: 10 });
    for (let i = 0; i < 5; i++) publisher.publish({ data: i });
    context.spinSome();
    expect(heard).toEqual([2, 3, 4]);
    expect(subscription.droppedCount).toBe(2);
  });

  it('transient-local subscription receives the last message of a latched publisher', () => {
    const { context } = testContext();
    const mapper = context.createNode('mapper');
    const publisher = mapper.createPublisher('std_msgs/msg/String', '/map_name', {
      durability: 'transient_local',
      depth: 1,
    });
    publisher.publish({ data: 'old' });
    publisher.publish({ data: 'latest' });
    const late = context.createNode('late_joiner');
    const heard: string[] = [];
    late.createSubscription(
      'std_msgs/msg/String',
      '/map_name',
      { qos: { durability: 'transient_local' } },
      (m) => heard.push(m.data),
    );
    const volatileHeard: string[] = [];
    late.createSubscription('std_msgs/msg/String', '/map_name', (m) => volatileHeard.push(m.data));
    context.spinSome();
    expect(heard).toEqual(['latest']);
    expect(volatileHeard).toEqual([]);
  });

  it('a reliable subscription does not match a best-effort publisher, and says so', () => {
    const { context, logs } = testContext();
    const node = context.createNode('n');
    const heard: number[] = [];
    node.createSubscription('std_msgs/msg/Int32', 'x', { qos: { reliability: 'reliable' } }, (m) =>
      heard.push(m.data),
    );
    const publisher = node.createPublisher('std_msgs/msg/Int32', 'x', { reliability: 'best_effort' });
    publisher.publish({ data: 1 });
    context.spinSome();
    expect(heard).toEqual([]);
    expect(publisher.subscriptionCount).toBe(0);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('incompatible QoS'))).toBe(true);
  });

  it('rejects a malformed message with an error naming the field, and the bus keeps working', () => {
    const { context } = testContext();
    const node = context.createNode('n');
    const heard: number[] = [];
    node.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel', (m) => heard.push(m.linear.x));
    const publisher = node.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel');
    expect(() =>
      publisher.publish({ linear: { x: 'fast', y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } } as never),
    ).toThrow(/field 'linear\.x' must be a number/);
    expect(() => publisher.publish({ linear: { x: 1, y: 0, z: 0 } } as never)).toThrow(
      /field 'angular' is missing/,
    );
    publisher.publish({ linear: { x: 1, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    context.spinSome();
    expect(heard).toEqual([1]);
  });

  it('a throwing callback is logged and the other callbacks still run', () => {
    const { context, logs } = testContext();
    const faulty = context.createNode('faulty');
    const healthy = context.createNode('healthy');
    const heard: string[] = [];
    faulty.createSubscription('std_msgs/msg/String', 'chatter', () => {
      throw new Error('boom');
    });
    healthy.createSubscription('std_msgs/msg/String', 'chatter', (m) => heard.push(m.data));
    const publisher = healthy.createPublisher('std_msgs/msg/String', 'chatter');
    publisher.publish({ data: 'one' });
    publisher.publish({ data: 'two' });
    context.spinSome();
    expect(heard).toEqual(['one', 'two']);
    const errors = logs.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]!.name).toBe('faulty');
    expect(errors[0]!.message).toContain('boom');
  });

  it('refuses a second type on the same topic', () => {
    const { context } = testContext();
    const node = context.createNode('n');
    node.createPublisher('std_msgs/msg/String', 'x');
    expect(() => node.createSubscription('std_msgs/msg/Int32', 'x', () => {})).toThrow(
      /already carries std_msgs\/msg\/String/,
    );
  });
});
