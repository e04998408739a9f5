/**
 * The manipulator against the sim bridge, told the robot's true pose and the objects' true boxes
 * (scripts/eval/harness/truthFeeds.ts) and the house description: it picks a toy car off the
 * floor, puts it in the laundry basket by name, and refuses what it cannot do with a code and a
 * reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import manipulator from '../../nodes/manipulator.ts';
import simBridge from '../../nodes/simBridge.ts';
import { ActionClient } from '../../src/runtime/actions/ActionClient.ts';
import type { Context } from '../../src/runtime/Context.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld } from '../../sim/world/generateWorld.ts';
import { houseDescriptionYaml } from '../../sim/world/houseDescription.ts';
import { furnitureFootprint, overlapsFootprint } from '../../sim/world/furnitureFootprint.ts';
import { preGraspPose, startTruthFeeds } from '../../scripts/eval/harness/truthFeeds.ts';
import { testContext, until } from '../runtime/helpers.ts';

const SEED = 21;
const SUCCEEDED = 4;
const ABORTED = 6;
const contexts: Context[] = [];
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.shutdown();
});

/** A Place goal: a named place, or (name '') the position in `frame`. */
function placeGoal(name: string, frame: string, position: { x: number; y: number; z: number }) {
  return {
    place_name: name,
    pose: {
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: frame },
      pose: { position, orientation: { x: 0, y: 0, z: 0, w: 1 } },
    },
    orientation: 0,
  };
}

/** The sim bridge and the manipulator on world SEED, with true feeds, a pick and a place client. */
async function bench() {
  const { context, logs } = testContext();
  contexts.push(context);
  await simBridge.start(context, {
    arguments: [
      '-p',
      'real_time_factor:=0',
      '-p',
      'status_period_s:=0',
      '-p',
      `seed:=${SEED}`,
      '-p',
      'people:=0',
      '-p',
      'head_camera_width:=320',
      '-p',
      'ceiling_cameras:=0',
    ],
  });
  const world = generateWorld(SEED, 'train');
  const houseFile = join(mkdtempSync(join(tmpdir(), 'katazuke-house-')), 'house.yaml');
  writeFileSync(houseFile, houseDescriptionYaml(world));
  await manipulator.start(context, {
    arguments: [
      '--ros-args',
      '-p',
      'use_sim_time:=true',
      '-p',
      `house_file:=${houseFile}`,
      '-r',
      'cmd_vel_nav:=/cmd_vel',
    ],
  });
  const probe = context.createNode('probe', { arguments: ['--ros-args', '-p', 'use_sim_time:=true'] });
  const truth = startTruthFeeds(probe, world.items);
  const teleport = probe.createPublisher('geometry_msgs/msg/PoseStamped', '/sim/teleport', 1);
  const pick = new ActionClient(probe, 'katazuke_msgs/action/Pick', 'pick');
  const place = new ActionClient(probe, 'katazuke_msgs/action/Place', 'place');
  context.spin();
  await until(
    () => truth.items() !== undefined && pick.isActionServerAvailable(),
    'the sim and the manipulator',
    30_000,
  );
  const standBy = (id: string) => {
    const base = preGraspPose(world, truth.items()!.items, id, 0.4, 0)!;
    teleport.publish({
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' },
      pose: {
        position: { x: base[0], y: base[1], z: 0 },
        orientation: { x: 0, y: 0, z: Math.sin(base[2] / 2), w: Math.cos(base[2] / 2) },
      },
    });
  };
  const positionOf = (id: string) => truth.items()!.items.find((i) => i.id === id)!.pose.pose.position;
  return { context, logs, world, truth, teleport, pick, place, standBy, positionOf };
}

describe('manipulator', () => {
  it('picks an item up, puts it in a named place, and says why it cannot do what it cannot', async () => {
    const { logs, world, truth, pick, place, standBy, positionOf } = await bench();

    // A towel lying flat: wider than the jaws open, and the cup cannot seal on cloth. The policy
    // expects no grasp to hold, so none is tried and the towel is left where it lies.
    standBy('towel_1');
    const towelBefore = positionOf('towel_1');
    const towel = await (await pick.sendGoal({ object_id: 'towel_1', class_hint: '' })).getResult();
    expect(towel.status).toBe(ABORTED);
    expect(towel.result).toMatchObject({
      error_code: 2,
      message: expect.stringMatching(/^no grasp of 'towel_1' is likely to hold \(best: /),
    });
    const towelAfter = positionOf('towel_1');
    expect(Math.hypot(towelAfter.x - towelBefore.x, towelAfter.y - towelBefore.y)).toBeLessThan(0.005);

    // A toy car on the floor (the jaws' case), a metre from the laundry basket.
    const target = world.items.find((i) => i.id === 'toy_car_1')!;
    const basket = world.furniture.find((f) => f.category === 'laundry basket')!;
    standBy(target.id);
    const position = () => positionOf(target.id);
    const before = position();

    const emptyPlace = await place.sendGoal(placeGoal('', 'map', before));
    const nothing = await emptyPlace.getResult();
    expect(nothing.status).toBe(ABORTED);
    expect(nothing.result).toMatchObject({ error_code: 2, message: 'the hand holds nothing' });
    expect((await pick.sendGoal({ object_id: 'no_such_item', class_hint: '' })).accepted).toBe(false);
    expect(logs.some((l) => l.message.includes("no object 'no_such_item' on /objects"))).toBe(true);

    // As the task planner does: a missed grasp is tried again (a grasp succeeds about two times in three).
    let picked = await (await pick.sendGoal({ object_id: target.id, class_hint: '' })).getResult();
    for (let again = 0; again < 2 && picked.status !== SUCCEEDED; again++)
      picked = await (await pick.sendGoal({ object_id: target.id, class_hint: '' })).getResult();
    expect(picked.result.message).toBe('');
    expect(picked.status).toBe(SUCCEEDED);
    expect(picked.result.tool).toBe('gripper');
    await until(() => position().z > before.z + 0.1, 'the item lifted', 30_000);
    expect(truth.held()).toBe(target.id);

    const unknown = await (await place.sendGoal(placeGoal('hot tub', '', before))).getResult();
    expect(unknown.result).toMatchObject({
      error_code: 3,
      message: expect.stringContaining("the house has no place called 'hot tub' (it has: "),
    });

    const put = await (await place.sendGoal(placeGoal('laundry basket', '', before))).getResult();
    expect(put.result.message).toBe('');
    expect(put.status).toBe(SUCCEEDED);
    // In the basket: within its footprint, below its rim, out of the hand.
    await until(() => truth.held() === '' && position().z < basket.size[2], 'the car in the basket', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const inside = position();
    expect(Math.abs(inside.x - basket.position[0])).toBeLessThan(
      basket.size[Math.abs(Math.sin(basket.yaw)) > 0.5 ? 1 : 0]! / 2,
    );
    expect(Math.abs(inside.y - basket.position[1])).toBeLessThan(
      basket.size[Math.abs(Math.sin(basket.yaw)) > 0.5 ? 0 : 1]! / 2,
    );
    truth.stop();
  }, 240_000);

  it('picks an item off the sofa over its nearest edge when the base would have to stand in the sofa', async () => {
    const { world, truth, teleport, pick, positionOf } = await bench();
    // A toy robot 15 cm in from the sofa's front edge.
    const item = world.items.find((i) => i.id === 'toy_robot_1')!;
    const sofa = world.furniture.find((f) => f.category === 'sofa')!;
    const c = Math.cos(sofa.yaw);
    const s = Math.sin(sofa.yaw);
    const start = positionOf(item.id);
    // The item in the sofa's frame: along its length, and across its depth.
    const dx = start.x - sofa.position[0];
    const dy = start.y - sofa.position[1];
    const lx = c * dx + s * dy;
    const ly = -s * dx + c * dy;
    expect(sofa.size[1] / 2 - Math.abs(ly)).toBeCloseTo(0.15, 1);
    // The robot 30 cm out from that edge and 45 cm along it, facing the item: reaching from
    // there the whole-body plan drives the base into the sofa.
    const out = Math.sign(ly) * (sofa.size[1] / 2 + 0.3);
    const along = lx + 0.45;
    const x = sofa.position[0] + c * along - s * out;
    const y = sofa.position[1] + s * along + c * out;
    const yaw = Math.atan2(start.y - y, start.x - x);
    expect(world.furniture.some((f) => overlapsFootprint(furnitureFootprint(f), x, y, 0.215, 0))).toBe(false);
    teleport.publish({
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' },
      pose: {
        position: { x, y, z: 0 },
        orientation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) },
      },
    });
    let picked = await (await pick.sendGoal({ object_id: item.id, class_hint: '' })).getResult();
    for (let again = 0; again < 2 && picked.status !== SUCCEEDED; again++)
      picked = await (await pick.sendGoal({ object_id: item.id, class_hint: '' })).getResult();
    expect(picked.result.message).toBe('');
    expect(picked.status).toBe(SUCCEEDED);
    expect(truth.held()).toBe(item.id);
    truth.stop();
  }, 240_000);
});
