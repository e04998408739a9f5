import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import instructionGrounder from '../../nodes/instructionGrounder.ts';
import { prepareJapanese } from '../../src/language/japaneseAnalyzer.ts';
import type { katazuke_msgs } from '../../src/messages/types.generated.ts';
import { testContext } from '../runtime/helpers.ts';

const sceneJson = readFileSync(new URL('../fixtures/scenes/living_room.json', import.meta.url), 'utf8');

describe('instruction_grounder node', () => {
  it('grounds typed instructions against the latched world model, across a clarification', async () => {
    const { context } = testContext();
    const world = context.createNode('world');
    world
      .createPublisher('std_msgs/msg/String', '/world/scene', { durability: 'transient_local', depth: 1 })
      .publish({ data: sceneJson });
    await instructionGrounder.start(context, { arguments: [] });
    const results: katazuke_msgs.msg.GroundedInstruction[] = [];
    const replies: string[] = [];
    world.createSubscription('katazuke_msgs/msg/GroundedInstruction', '/instruction/grounded', (m) =>
      results.push(m),
    );
    world.createSubscription('std_msgs/msg/String', '/speech/reply', (m) => replies.push(m.data));
    const say = world.createPublisher('std_msgs/msg/String', '/instruction');
    context.spinSome();
    say.publish({ data: 'put the cup in the toy box' });
    context.spinSome();
    say.publish({ data: 'the red one' });
    context.spinSome();
    expect(results.map((r) => r.intent)).toEqual(['move', 'move']);
    expect(results[0]!.question).toMatch(/^Which cup:/);
    expect(results[1]).toMatchObject({ target_ids: ['cup_red'], destination_id: 'toy_box', question: '' });
    expect(replies[1]).toBe('OK, I will put the red cup on the low table in the toy box.');
  });

  it('in Japanese, keeps what is said while its analyzer loads and grounds it in order', async () => {
    const { context } = testContext();
    const world = context.createNode('world');
    world
      .createPublisher('std_msgs/msg/String', '/world/scene', { durability: 'transient_local', depth: 1 })
      .publish({ data: sceneJson });
    await instructionGrounder.start(context, { arguments: ['--ros-args', '-p', 'language:=ja'] });
    const results: katazuke_msgs.msg.GroundedInstruction[] = [];
    world.createSubscription('katazuke_msgs/msg/GroundedInstruction', '/instruction/grounded', (m) =>
      results.push(m),
    );
    const say = world.createPublisher('std_msgs/msg/String', '/instruction');
    context.spinSome();
    say.publish({ data: 'リモコンはどこ？' });
    say.publish({ data: 'あおいコップをおもちゃばこに入れて' });
    context.spinSome();
    await prepareJapanese();
    await new Promise((resolve) => setTimeout(resolve, 0));
    context.spinSome();
    expect(results.map((r) => r.intent)).toEqual(['find', 'move']);
    expect(results[1]).toMatchObject({ target_ids: ['cup_blue'], destination_id: 'toy_box' });
  });

  it('logs a malformed scene and keeps running', async () => {
    const { context, logs } = testContext();
    const world = context.createNode('world');
    const scene = world.createPublisher('std_msgs/msg/String', '/world/scene', {
      durability: 'transient_local',
      depth: 1,
    });
    await instructionGrounder.start(context, { arguments: [] });
    const replies: string[] = [];
    world.createSubscription('std_msgs/msg/String', '/speech/reply', (m) => replies.push(m.data));
    scene.publish({ data: '{"objects": [{"id": 3}]}' });
    context.spinSome();
    expect(
      logs.some(
        (l) => l.level === 'error' && l.message.includes('scene.objects[0].id must be a non-empty string'),
      ),
    ).toBe(true);
    world.createPublisher('std_msgs/msg/String', '/instruction').publish({ data: 'tidy up' });
    context.spinSome();
    expect(replies).toEqual(["I don't know the room yet."]);
    scene.publish({ data: sceneJson });
    world.createPublisher('std_msgs/msg/String', '/instruction').publish({ data: 'where is the remote' });
    context.spinSome();
    expect(replies[1]).toBe('The remote control is near the cup on the sofa.');
  });
});
