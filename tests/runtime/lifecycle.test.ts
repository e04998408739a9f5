import { describe, expect, it } from 'vitest';
import { LifecycleNode } from '../../src/runtime/LifecycleNode.ts';
import { testContext } from './helpers.ts';

describe('lifecycle nodes', () => {
  it('walks configure → activate → deactivate → cleanup → shutdown and gates its publishers', async () => {
    const { context } = testContext();
    const calls: string[] = [];
    const node = new LifecycleNode('camera_driver', context, {
      callbacks: {
        onConfigure: () => (calls.push('configure'), 'success'),
        onActivate: () => (calls.push('activate'), 'success'),
        onDeactivate: () => (calls.push('deactivate'), 'success'),
        onCleanup: () => (calls.push('cleanup'), 'success'),
        onShutdown: () => (calls.push('shutdown'), 'success'),
      },
    });
    const heard: string[] = [];
    context
      .createNode('viewer')
      .createSubscription('std_msgs/msg/String', 'status', (m) => heard.push(m.data));
    const publisher = node.createLifecyclePublisher('std_msgs/msg/String', 'status');
    publisher.publish({ data: 'too early' });
    expect(await node.activate()).toBe('failure');
    expect(await node.configure()).toBe('success');
    expect(node.state).toBe('inactive');
    expect(await node.activate()).toBe('success');
    publisher.publish({ data: 'live' });
    expect(await node.deactivate()).toBe('success');
    publisher.publish({ data: 'dropped' });
    expect(await node.cleanup()).toBe('success');
    expect(await node.shutdown()).toBe('success');
    expect(node.state).toBe('finalized');
    context.spinSome();
    expect(heard).toEqual(['live']);
    expect(calls).toEqual(['configure', 'activate', 'deactivate', 'cleanup', 'shutdown']);
  });

  it('a failing configure keeps the node unconfigured; a throwing one goes through onError', async () => {
    const { context } = testContext();
    let mode: 'fail' | 'throw' = 'fail';
    const node = new LifecycleNode('n', context, {
      callbacks: {
        onConfigure: () => {
          if (mode === 'throw') throw new Error('no camera');
          return 'failure';
        },
        onError: () => 'success',
      },
    });
    expect(await node.configure()).toBe('failure');
    expect(node.state).toBe('unconfigured');
    mode = 'throw';
    expect(await node.configure()).toBe('failure');
    expect(node.state).toBe('unconfigured');
  });

  it('answers ~/get_state and ~/change_state', async () => {
    const { context } = testContext();
    new LifecycleNode('managed', context);
    const cli = context.createNode('cli');
    const change = cli.createClient('lifecycle_msgs/srv/ChangeState', '/managed/change_state');
    const changing = change.sendRequest({ transition: { id: 1, label: '' } });
    context.spinSome();
    expect((await changing).success).toBe(true);
    const state = cli.createClient('lifecycle_msgs/srv/GetState', '/managed/get_state').sendRequest({});
    context.spinSome();
    expect((await state).current_state).toEqual({ id: 2, label: 'inactive' });
  });
});
