import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import taskPlanner from '../../nodes/taskPlanner.ts';
import { distanceToFootprint } from '../../src/manipulation/index.ts';
import { parseHouseDescription } from '../../src/world/index.ts';
import { ActionServer } from '../../src/runtime/actions/ActionServer.ts';
import { broadcastStaticPose, setSimTime, testContext } from '../runtime/helpers.ts';

const HOUSE = `
places:
  - { name: laundry basket, id: basket_0, kind: container, position: [3, 2, 0.25], size: [0.5, 0.4, 0.5] }
  - { name: sofa, id: sofa_0, kind: surface, position: [-2, 2, 0.4], size: [2, 0.9, 0.8] }
`;
const RULES = `
default_place: sofa
rules:
  sock: { place: laundry basket, placement: any, priority: 0 }
  book: { place: sofa, placement: flat, priority: 0 }
`;

async function planner(
  /** true: no grasp held after a try; 'beyond reach': every grasp out of reach, none tried. */
  pickFails: (id: string) => boolean | 'beyond reach' = () => false,
  placeFails: (place: number) => boolean = () => false,
) {
  const dir = mkdtempSync(join(tmpdir(), 'katazuke-planner-'));
  writeFileSync(join(dir, 'house.yaml'), HOUSE);
  writeFileSync(join(dir, 'rules.yaml'), RULES);
  const saved = join(dir, 'saved.yaml');
  const { context, logs } = testContext();
  const world = context.createNode('world');
  const clock = world.createPublisher('rosgraph_msgs/msg/Clock', '/clock');
  broadcastStaticPose(world, 'map', 'base_footprint', [0, 0, 0, 0, 0, 0, 1]);
  const calls: string[] = [];
  // The navigator's turn limits and footprint as its parameters, seen by each drive.
  const navigator = context.createNode('navigator');
  navigator.declareParameter('max_vel_theta', { type: 'double', default: 1.2 });
  navigator.declareParameter('acc_lim_theta', { type: 'double', default: 2.0 });
  navigator.declareParameter('footprint', { type: 'string', default: '[]' });
  navigator.declareParameter('travel_heading', { type: 'string', default: 'path' });
  const turnLimits: Array<[number, number, boolean, string]> = [];
  let holdNavigation = false;
  let whilePicking: ((id: string) => void) | undefined;
  new ActionServer(world, 'nav2_msgs/action/NavigateToPose', 'navigate_to_pose', {
    execute: async (goal) => {
      const p = goal.request.pose.pose.position;
      calls.push(`navigate ${p.x.toFixed(2)} ${p.y.toFixed(2)}`);
      turnLimits.push([
        navigator.getParameter('max_vel_theta'),
        navigator.getParameter('acc_lim_theta'),
        navigator.getParameter('footprint') !== '[]',
        navigator.getParameter('travel_heading'),
      ]);
      while (holdNavigation && !goal.isCancelRequested)
        await new Promise((resolve) => setTimeout(resolve, 5));
      if (goal.isCancelRequested) {
        calls.push('navigate cancelled');
        goal.canceled();
      }
      return { result: {} };
    },
  });
  new ActionServer(world, 'nav2_msgs/action/ComputePathToPose', 'compute_path_to_pose', {
    execute: (goal) => ({
      path: { header: goal.request.goal.header, poses: [goal.request.goal] },
      planning_time: { sec: 0, nanosec: 1000 },
    }),
  });
  new ActionServer(world, 'katazuke_msgs/action/Pick', 'pick', {
    execute: async (goal) => {
      calls.push(`pick ${goal.request.object_id}`);
      whilePicking?.(goal.request.object_id);
      const failed = pickFails(goal.request.object_id);
      const beyond = failed === 'beyond reach';
      return {
        error_code: beyond ? 1 : failed ? 2 : 0,
        message: beyond
          ? 'the sofa keeps the base 20 cm further off than the arm reaches'
          : failed
            ? 'no grasp'
            : 'held',
        tool: 'gripper',
        grasp_pose: {
          header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' },
          pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
        },
        attempts: beyond ? 0 : 1,
      };
    },
  });
  new ActionServer(world, 'katazuke_msgs/action/Place', 'place', {
    execute: async (goal) => {
      calls.push(`place ${goal.request.place_name || 'floor'} ${goal.request.orientation}`);
      const failed = placeFails(calls.filter((c) => c.startsWith('place')).length);
      return {
        error_code: failed ? 1 : 0,
        message: failed
          ? 'the base would drive 2.64 m (max_base_travel 1 m): navigate closer first'
          : 'placed',
        released_pose: goal.request.pose,
      };
    },
  });
  await taskPlanner.start(context, {
    arguments: [
      '--ros-args',
      ...['-p', 'use_sim_time:=true', '-p', `house_file:=${join(dir, 'house.yaml')}`],
      ...['-p', `rules_file:=${join(dir, 'rules.yaml')}`, '-p', `rules_save_file:=${saved}`],
      ...['-p', 'observe_time_s:=0.5'],
    ],
  });
  const objects = world.createPublisher('vision_msgs/msg/Detection3DArray', '/objects');
  const see = (items: Array<[string, string, number, number, number]>) =>
    objects.publish({
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' },
      detections: items.map(([id, category, x, y, z]) => ({
        header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' },
        results: [
          {
            hypothesis: { class_id: category, score: 0.9 },
            pose: {
              pose: { position: { x, y, z }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
              covariance: new Array<number>(36).fill(0),
            },
          },
        ],
        bbox: {
          center: { position: { x, y, z }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
          size: { x: 0.1, y: 0.1, z: 0.05 },
        },
        id,
      })),
    });
  const replies: string[] = [];
  world.createSubscription('std_msgs/msg/String', '/speech/reply', (m) => replies.push(m.data));
  /** The behaviour tree's nodes as they start running, from Nav2's behavior_tree_log. */
  const started: string[] = [];
  world.createSubscription('nav2_msgs/msg/BehaviorTreeLog', '/behavior_tree_log', (m) =>
    started.push(...m.event_log.filter((e) => e.current_status === 'RUNNING').map((e) => e.node_name)),
  );
  const instruct = world.createPublisher('katazuke_msgs/msg/GroundedInstruction', '/instruction/grounded');
  const tell = (intent: string, target_ids: string[] = [], destination_id = '') =>
    instruct.publish({
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' },
      utterance: intent,
      intent,
      target_ids,
      destination_id,
      question: '',
      reply: '',
    });
  let timeS = 0;
  const run = async (seconds: number) => {
    for (const end = timeS + seconds; timeS < end;) {
      timeS += 0.1;
      setSimTime(context, clock, timeS);
      for (let k = 0; k < 4; k++) await new Promise((resolve) => setTimeout(resolve, 1));
      context.spinSome();
    }
  };
  const speakerAt = (x: number, y: number) =>
    world.createPublisher('geometry_msgs/msg/PoseStamped', '/speaker_pose').publish({
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' },
      pose: { position: { x, y, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
    });
  return {
    context,
    logs,
    calls,
    see,
    run,
    tell,
    replies,
    started,
    saved,
    speakerAt,
    turnLimits,
    navigator,
    hold: (on: boolean) => (holdNavigation = on),
    whilePicking: (then: (id: string) => void) => (whilePicking = then),
  };
}

describe('task_planner node', () => {
  it('tidies nearest first: drives beside each item, picks it, drives to its home, puts it there as the rule says', async () => {
    const p = await planner();
    p.see([
      ['book_1', 'book', 2, 0, 0.02],
      ['sock_1', 'sock', 1, 0, 0.02],
    ]);
    await p.run(5);
    const picks = p.calls.filter((c) => c.startsWith('pick') || c.startsWith('place'));
    expect(picks).toEqual(['pick sock_1', 'place laundry basket 0', 'pick book_1', 'place sofa 2']);
    // Beside the sock (0.45 m from it) before picking it.
    const firstDrive = p.calls[0]!.split(' ').slice(1).map(Number);
    expect(Math.hypot(firstDrive[0]! - 1, firstDrive[1]!)).toBeCloseTo(0.45, 2);
    // With the sock held (10 cm across, hanging 0.49 m ahead of the base), the stand keeps it 4 cm
    // off the basket's edge.
    const carrying = p.calls
      .filter((c) => c.startsWith('navigate'))[1]!
      .split(' ')
      .slice(1)
      .map(Number);
    const basket = parseHouseDescription(HOUSE).places[0]!;
    expect(distanceToFootprint(basket, carrying[0]!, carrying[1]!)).toBeCloseTo(0.49 + 0.05 + 0.04, 2);
    // Empty-handed drives turn at the navigator's own limits with its own footprint, facing along
    // the path; drives with the item held, gently, with the arm held out in the footprint, facing
    // the goal's heading from the start (one turn); all is back once the item is put down.
    expect(p.turnLimits).toEqual([
      [1.2, 2.0, false, 'path'],
      [0.4, 0.5, true, 'goal'],
      [1.2, 2.0, false, 'path'],
      [0.4, 0.5, true, 'goal'],
    ]);
    expect(p.navigator.getParameter('travel_heading')).toBe('path');
    expect(p.navigator.getParameter('max_vel_theta')).toBe(1.2);
    expect(p.navigator.getParameter('footprint')).toBe('[]');
    // Once the items are seen at home, the room is tidy.
    p.see([
      ['book_1', 'book', -2, 2, 0.85],
      ['sock_1', 'sock', 3, 2, 0.2],
    ]);
    await p.run(1);
    expect(p.replies).toContain('I have tidied everything I can.');
    // The tree's log shows each action as it starts, in the order the robot did them.
    const actions = p.started.filter((name) => /^(NavigateTo|Pick|Place)/.test(name));
    expect(actions.slice(0, 4)).toEqual(['NavigateToItem', 'PickItem', 'NavigateToPlace', 'PlaceItem']);
  });

  it('takes an item to the home of what perception names it after the close look of the pick', async () => {
    const p = await planner();
    // From afar a book; the head camera, close by, sees a sock.
    p.see([['x_1', 'book', 1, 0, 0.02]]);
    p.whilePicking(() => p.see([['x_1', 'sock', 1, 0, 0.02]]));
    await p.run(3);
    expect(p.calls.filter((c) => c.startsWith('pick') || c.startsWith('place'))).toEqual([
      'pick x_1',
      'place laundry basket 0',
    ]);
    expect(
      p.logs.some((l) => l.message.includes('x_1 seen from close up is a sock: to the laundry basket')),
    ).toBe(true);
  });

  it('drives to another stand before a place it could not put something at from the first', async () => {
    const p = await planner(undefined, (place) => place === 1);
    p.see([['sock_1', 'sock', 1, 0, 0.02]]);
    await p.run(5);
    expect(p.calls.filter((c) => c.startsWith('place'))).toEqual([
      'place laundry basket 0',
      'place laundry basket 0',
    ]);
    // The drives with the sock held: to one stand before the basket, then to another.
    const drives = p.calls.filter((c) => c.startsWith('navigate')).slice(1, 3);
    const [first, second] = drives.map((c) => c.split(' ').slice(1).map(Number));
    expect(Math.hypot(first![0]! - second![0]!, first![1]! - second![1]!)).toBeGreaterThan(0.3);
    expect(p.replies.some((r) => r.startsWith("I can't reach"))).toBe(false);
  });

  it('skips an item it cannot pick, comes back to it, and reports it to a person after max_failures', async () => {
    const p = await planner((id) => id === 'sock_1');
    p.see([
      ['sock_1', 'sock', 1, 0, 0.02],
      ['book_1', 'book', 2, 0, 0.02],
    ]);
    await p.run(6);
    const picks = p.calls.filter((c) => c.startsWith('pick'));
    expect(picks.slice(0, 3)).toEqual(['pick sock_1', 'pick book_1', 'pick sock_1']);
    expect(p.replies.some((r) => r.startsWith("I can't tidy the sock: pick failed: no grasp"))).toBe(true);
  });

  it('asks about an item beyond the arm at once, without coming back to it', async () => {
    const p = await planner((id) => (id === 'sock_1' ? 'beyond reach' : false));
    p.see([
      ['sock_1', 'sock', 1, 0, 0.02],
      ['book_1', 'book', 2, 0, 0.02],
    ]);
    await p.run(6);
    const picks = p.calls.filter((c) => c.startsWith('pick'));
    expect(picks).toEqual(['pick sock_1', 'pick book_1']);
    expect(p.replies.some((r) => r.startsWith("I can't tidy the sock: pick failed: the sofa keeps"))).toBe(
      true,
    );
  });

  it('ends the trip to the home the moment the hand is found empty, and tries the item again later', async () => {
    const p = await planner();
    const hand = p.context.createNode('hand').createPublisher('std_msgs/msg/Bool', '/manipulator/holding');
    // The drive home (after the pick) keeps going until it is cancelled.
    p.whilePicking(() => p.hold(true));
    p.see([['sock_1', 'sock', 1, 0, 0.02]]);
    await p.run(2);
    expect(p.calls).toEqual(['navigate 0.55 0.00', 'pick sock_1', expect.stringMatching(/^navigate /)]);
    hand.publish({ data: true });
    await p.run(0.5);
    expect(p.calls).not.toContain('navigate cancelled');
    hand.publish({ data: false });
    await p.run(0.5);
    expect(p.calls).toContain('navigate cancelled');
    expect(p.calls.some((c) => c.startsWith('place'))).toBe(false);
    expect(
      p.logs.some((l) => l.message.includes('the hand no longer holds sock_1: it slipped out on the way')),
    ).toBe(true);
    p.whilePicking(() => p.hold(false));
    p.hold(false);
    await p.run(3);
    expect(p.calls.filter((c) => c === 'pick sock_1').length).toBe(2);
    expect(p.calls).toContain('place laundry basket 0');
  });

  it('stops on a spoken stop (the running goal cancelled), resumes, and keeps a rule change', async () => {
    const p = await planner();
    p.hold(true);
    p.see([['sock_1', 'sock', 1, 0, 0.02]]);
    await p.run(1);
    p.tell('stop');
    await p.run(0.5);
    expect(p.calls).toContain('navigate cancelled');
    const before = p.calls.length;
    await p.run(1);
    expect(p.calls.length).toBe(before);
    p.tell('set_rule', ['sock_1'], 'sofa_0');
    p.hold(false);
    p.tell('resume');
    await p.run(2);
    expect(p.calls).toContain('place sofa 0');
    expect(readFileSync(p.saved, 'utf8')).toMatch(/sock: \{ place: sofa, placement: any, priority: 0 \}/);
  });

  it('brings what it is asked for to the speaker, puts it down in front of them, and leaves it there', async () => {
    const p = await planner();
    p.hold(true);
    p.see([
      ['sock_1', 'sock', 1, 0, 0.02],
      ['book_1', 'book', 3, 0, 0.02],
    ]);
    await p.run(1);
    p.speakerAt(0, 3);
    p.tell('bring', ['book_1']);
    p.hold(false);
    await p.run(3);
    const book = p.calls.indexOf('pick book_1');
    expect(book).toBeGreaterThan(0);
    // Then straight to the speaker: 0.8 m from them, and down on the floor (no place name).
    const [x, y] = p.calls[book + 1]!.split(' ').slice(1).map(Number);
    expect(Math.hypot(x! - 0, y! - 3)).toBeCloseTo(0.8, 2);
    expect(p.calls[book + 2]).toBe('place floor 0');
    expect(p.replies).toContain('Here is the book you asked for.');
    // Delivered, not tidied away from them afterwards.
    p.see([
      ['sock_1', 'sock', 3, 2, 0.2],
      ['book_1', 'book', 0.2, 2.5, 0.02],
    ]);
    await p.run(2);
    expect(p.calls.filter((c) => c === 'pick book_1')).toHaveLength(1);
  });
});
