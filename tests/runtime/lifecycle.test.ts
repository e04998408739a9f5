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

  it('lists its states and transitions and takes a transition by label, as `ros2 lifecycle set` asks', async () => {
    const { context } = testContext();
    new LifecycleNode('managed', context);
    const cli = context.createNode('cli');
    async function call<K extends string>(type: K, name: string, request: object) {
      const reply = cli.createClient(type, `/managed/${name}`).sendRequest(request as never);
      for (let i = 0; i < 5; i++) context.spinSome();
      return reply;
    }
    const available = async () =>
      (
        await call('lifecycle_msgs/srv/GetAvailableTransitions', 'get_available_transitions', {})
      ).available_transitions.map((d) => `${d.transition.label}[${d.transition.id}]->${d.goal_state.label}`);
    expect(await available()).toEqual(['configure[1]->configuring', 'shutdown[5]->shuttingdown']);
    const change = (label: string, id = 0) =>
      call('lifecycle_msgs/srv/ChangeState', 'change_state', { transition: { id, label } });
    expect((await change('configure')).success).toBe(true);
    expect((await change('activate')).success).toBe(true);
    expect(await available()).toEqual(['deactivate[4]->deactivating', 'shutdown[7]->shuttingdown']);
    expect((await change('cleanup')).success).toBe(false);
    expect((await change('', 5)).success).toBe(false); // shutdown from unconfigured only
    expect((await change('', 7)).success).toBe(true);
    const states = await call('lifecycle_msgs/srv/GetAvailableStates', 'get_available_states', {});
    expect(states.available_states.map((s) => s.id)).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 15]);
    const graph = await call('lifecycle_msgs/srv/GetAvailableTransitions', 'get_transition_graph', {});
    expect(graph.available_transitions).toHaveLength(7 + 18);
    expect(graph.available_transitions).toContainEqual({
      transition: { id: 31, label: 'transition_failure' },
      start_state: { id: 13, label: 'activating' },
      goal_state: { id: 2, label: 'inactive' },
    });
  });
});
