import { describe, expect, it } from 'vitest';
import { expandTopicName, resolveTopicName } from '../../src/runtime/names.ts';
import { testContext } from './helpers.ts';

describe('names, namespaces and remapping', () => {
  it('expands relative, absolute and private names', () => {
    expect(expandTopicName('chatter', 'talker', '/demo')).toBe('/demo/chatter');
    expect(expandTopicName('/chatter', 'talker', '/demo')).toBe('/chatter');
    expect(expandTopicName('~/status', 'talker', '/demo')).toBe('/demo/talker/status');
    expect(expandTopicName('chatter', 'talker', '/')).toBe('/chatter');
  });

  it('rejects invalid names with the offending token', () => {
    expect(() => expandTopicName('9lives', 'n', '/')).toThrow(/token '9lives'/);
    expect(() => expandTopicName('a//b', 'n', '/')).toThrow(/invalid topic name/);
    expect(() => testContext().context.createNode('bad-name')).toThrow(/invalid node name 'bad-name'/);
  });

  it('applies remaps to the expanded name, also node-specific ones', () => {
    const rules = [
      { from: 'chatter', to: '/remapped' },
      { node: 'other', from: 'x', to: 'y' },
    ];
    expect(resolveTopicName('chatter', 'talker', '/demo', rules)).toBe('/remapped');
    expect(resolveTopicName('x', 'talker', '/demo', rules)).toBe('/demo/x');
    expect(resolveTopicName('x', 'other', '/demo', rules)).toBe('/demo/y');
  });

  it('nodes in a namespace with --ros-args remaps talk on the remapped topic', () => {
    const { context } = testContext(['--ros-args', '-r', '/demo/chatter:=/shared']);
    const talker = context.createNode('talker', { namespace: 'demo' });
    const listener = context.createNode('listener', {
      namespace: '/other',
      arguments: ['-r', 'heard:=/shared'],
    });
    const heard: string[] = [];
    listener.createSubscription('std_msgs/msg/String', 'heard', (m) => heard.push(m.data));
    const publisher = talker.createPublisher('std_msgs/msg/String', 'chatter');
    expect(publisher.topic).toBe('/shared');
    publisher.publish({ data: 'hi' });
    context.spinSome();
    expect(heard).toEqual(['hi']);
  });

  it('__node and __ns remaps rename a node', () => {
    const { context } = testContext(['--ros-args', '-r', '__node:=renamed', '-r', '__ns:=/robot']);
    const node = context.createNode('original');
    expect(node.fullyQualifiedName).toBe('/robot/renamed');
  });
});
