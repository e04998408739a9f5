import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../helpers.ts';
import { Context } from '../../../src/runtime/Context.ts';
import { HubServer } from '../../../src/runtime/backends/hub/HubServer.ts';
import type { LogRecord } from '../../../src/runtime/Logger.ts';
import { connect, createServer } from 'node:net';
import { writeControl, writeData } from '../../../src/runtime/backends/hub/framing.ts';
import { QOS_DEFAULT } from '../../../src/runtime/Qos.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let hubAddress = '';
const logsByContext = new Map<Context, LogRecord[]>();

async function hubWithClients(count: number): Promise<Context[]> {
  const address = join(mkdtempSync(join(tmpdir(), 'katazuke-hub-')), 'hub.sock');
  const hub = await HubServer.listen(address);
  hubAddress = address;
  cleanups.push(() => hub.close());
  const contexts: Context[] = [];
  for (let i = 0; i < count; i++) {
    const logs: LogRecord[] = [];
    const context = await Context.create({
      backend: 'hub',
      hubAddress: address,
      logSinks: [(r) => logs.push(r)],
    });
    logsByContext.set(context, logs);
    context.spin();
    cleanups.push(() => context.shutdown());
    contexts.push(context);
  }
  return contexts;
}

describe('hub backend (contexts that would live in separate processes)', () => {
  it('carries messages as CDR between contexts, typed arrays intact', async () => {
    const [a, b] = await hubWithClients(2);
    const heard: Array<{ width: number; data: Uint8Array }> = [];
    b!
      .createNode('viewer')
      .createSubscription('sensor_msgs/msg/Image', '/camera/image', (m) => heard.push(m as never));
    const publisher = a!.createNode('camera').createPublisher('sensor_msgs/msg/Image', '/camera/image');
    await until(() => publisher.subscriptionCount === 1, 'the remote subscription');
    const data = Uint8Array.from({ length: 12 }, (_, i) => i);
    publisher.publish(
      a!.registry.create('sensor_msgs/msg/Image', { width: 2, height: 2, step: 6, encoding: 'rgb8', data }),
    );
    await until(() => heard.length === 1, 'the image');
    expect(heard[0]!.width).toBe(2);
    expect(Array.from(heard[0]!.data)).toEqual(Array.from(data));
  });

  it('replays a latched message to a late subscriber in another context', async () => {
    const [a, b] = await hubWithClients(2);
    a!
      .createNode('mapper')
      .createPublisher('std_msgs/msg/String', '/map_name', { durability: 'transient_local', depth: 1 })
      .publish({ data: 'living_room' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const heard: string[] = [];
    b!
      .createNode('late')
      .createSubscription(
        'std_msgs/msg/String',
        '/map_name',
        { qos: { durability: 'transient_local' } },
        (m) => heard.push(m.data),
      );
    await until(() => heard.length === 1, 'the latched message');
    expect(heard).toEqual(['living_room']);
  });

  it('calls a service provided by another context and sees the whole graph', async () => {
    const [a, b] = await hubWithClients(2);
    const server = a!.createNode('gripper');
    server.createService('std_srvs/srv/SetBool', '/gripper/close', (request, response) => ({
      ...response,
      success: request.data,
      message: 'closed',
    }));
    const client = b!.createNode('planner').createClient('std_srvs/srv/SetBool', '/gripper/close');
    expect(await client.waitForService(5000)).toBe(true);
    await expect(client.sendRequest({ data: true })).resolves.toEqual({ success: true, message: 'closed' });
    expect(b!.transport.graph().nodes).toEqual(['/gripper', '/planner']);
    await expect(
      b!.createNode('other').createClient('std_srvs/srv/Trigger', '/none').sendRequest({}),
    ).rejects.toThrow(/not available/);
  });

  it('a malformed message from another process is logged and dropped; the subscriber keeps running', async () => {
    const [context] = await hubWithClients(1);
    const heard: string[] = [];
    context!
      .createNode('listener')
      .createSubscription('std_msgs/msg/String', '/chatter', (m) => heard.push(m.data));
    // A rogue process: registers a publisher with the hub, then sends one corrupt and one good message.
    const rogueData = join(mkdtempSync(join(tmpdir(), 'katazuke-rogue-')), 'data.sock');
    const rogueServer = createServer((socket) => {
      socket.once('data', () => {
        writeControl(socket, { op: 'topic', topicId: 1, topic: '/chatter', type: 'std_msgs/msg/String' });
        writeData(socket, 1, Uint8Array.of(0, 1, 0, 0, 255, 255, 255, 127)); // a string length far past the end
        writeData(socket, 1, Uint8Array.of(0, 1, 0, 0, 3, 0, 0, 0, 111, 107, 0)); // "ok"
      });
    });
    await new Promise<void>((resolve) => rogueServer.listen(rogueData, resolve));
    const rogue = connect(hubAddress);
    await new Promise((resolve) => rogue.once('connect', resolve));
    writeControl(rogue, { op: 'hello', pid: 0, dataAddress: rogueData });
    writeControl(rogue, {
      op: 'advertise',
      id: 1,
      topic: '/chatter',
      type: 'std_msgs/msg/String',
      node: '/rogue',
      qos: QOS_DEFAULT,
    });
    await until(() => heard.length === 1, 'the good message');
    rogue.destroy();
    rogueServer.close();
    expect(heard).toEqual(['ok']);
    expect(
      logsByContext
        .get(context!)!
        .some(
          (l) =>
            l.level === 'warn' &&
            l.message.includes("dropping a malformed std_msgs/msg/String message on '/chatter'"),
        ),
    ).toBe(true);
  });
});
