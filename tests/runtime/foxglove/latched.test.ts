/**
 * Latched (transient-local) topics through the control endpoint: every client gets what was
 * latched when it subscribes, also one that comes after another client has subscribed, and no
 * client gets it twice.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ControlClient } from '../../../src/cli/ControlClient.ts';
import { Context } from '../../../src/runtime/Context.ts';
import { FoxgloveBridge } from '../../../src/runtime/foxglove/FoxgloveBridge.ts';

let context: Context;
let bridge: FoxgloveBridge;

beforeAll(async () => {
  context = Context.local({ logSinks: [] });
  const node = context.createNode('latcher');
  node
    .createPublisher('std_msgs/msg/String', '/latched_check', { depth: 1, durability: 'transient_local' })
    .publish({ data: 'the map' });
  context.spin();
  bridge = await FoxgloveBridge.start(context, { port: 0 });
});

afterAll(async () => {
  await bridge.close();
  await context.shutdown();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

it('gives the latched message to a client that subscribes after another one', async () => {
  const first = await ControlClient.connect(bridge.url);
  const second = await ControlClient.connect(bridge.url);
  const firstGot: string[] = [];
  const secondGot: string[] = [];
  await first.subscribe('/latched_check', (m) => firstGot.push((m as { data: string }).data));
  await settle();
  await second.subscribe('/latched_check', (m) => secondGot.push((m as { data: string }).data));
  await settle();
  expect(firstGot).toEqual(['the map']);
  expect(secondGot).toEqual(['the map']);
  first.close();
  second.close();
});
