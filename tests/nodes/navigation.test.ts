/**
 * The navigator and the collision monitor on the in-process bus, in sim time, against a tiny
 * kinematic base that integrates /cmd_vel: a 4 m x 2 m room split by a wall with a gap at the top.
 */
import { afterEach, describe, expect, it } from 'vitest';
import collisionMonitor from '../../nodes/collisionMonitor.ts';
import navigator from '../../nodes/navigator.ts';
import type { katazuke_msgs } from '../../src/messages/types.generated.ts';
import { ActionClient } from '../../src/runtime/actions/ActionClient.ts';
import { toParameterValueMsg } from '../../src/runtime/ParameterServices.ts';
import type { Context } from '../../src/runtime/Context.ts';
import { Time } from '../../src/runtime/Time.ts';
import { TransformBroadcaster } from '../../src/runtime/tf/TransformBroadcaster.ts';
import { broadcastStaticPose, setSimTime, testContext } from '../runtime/helpers.ts';

const PERIOD_S = 0.05;
const SUCCEEDED = 4;
const CANCELED = 5;
const ABORTED = 6;
const contexts: Context[] = [];
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.shutdown();
});

async function room(wall: 'gap' | 'closed') {
  const { context, logs } = testContext(['--ros-args', '-p', 'use_sim_time:=true']);
  contexts.push(context);
  const world = context.createNode('world', { parameterOverrides: { use_sim_time: false } });
  const clock = world.createPublisher('rosgraph_msgs/msg/Clock', '/clock');
  const data = new Int8Array(80 * 40);
  for (let r = 0; r < 40; r++) if (wall === 'closed' || r < 28) data[r * 80 + 40] = 100;
  for (let c = 0; c < 80; c++) data[c] = data[39 * 80 + c] = 100;
  world
    .createPublisher('nav_msgs/msg/OccupancyGrid', '/map', { durability: 'transient_local', depth: 1 })
    .publish({
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' },
      info: {
        map_load_time: { sec: 0, nanosec: 0 },
        resolution: 0.05,
        width: 80,
        height: 40,
        origin: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
      },
      data,
    });
  broadcastStaticPose(world, 'map', 'odom', [0, 0, 0, 0, 0, 0, 1]);
  broadcastStaticPose(world, 'base_footprint', 'base_range_sensor_link', [0.17, 0, 0.1, 0, 0, 0, 1]);
  const tf = new TransformBroadcaster(world);
  const scan = world.createPublisher('sensor_msgs/msg/LaserScan', '/scan', {
    reliability: 'best_effort',
    depth: 5,
  });
  const eStop = world.createPublisher('std_msgs/msg/Bool', '/e_stop', {
    durability: 'transient_local',
    depth: 1,
  });
  const outcomes: katazuke_msgs.msg.NavigationOutcome[] = [];
  world.createSubscription('katazuke_msgs/msg/NavigationOutcome', '/navigate_to_pose/outcome', (m) =>
    outcomes.push(m),
  );
  const pose = Float64Array.of(0.6, 0.6, 0);
  const commands: Array<{ vx: number; vy: number; wz: number }> = [];
  world.createSubscription('geometry_msgs/msg/Twist', '/cmd_vel', (t) =>
    commands.push({ vx: t.linear.x, vy: t.linear.y, wz: t.angular.z }),
  );
  await navigator.start(context, { arguments: [] });
  await collisionMonitor.start(context, {
    arguments: ['--ros-args', '-r', 'cmd_vel_in:=/cmd_vel_nav', '-r', 'cmd_vel_out:=/cmd_vel'],
  });
  const client = new ActionClient(world, 'nav2_msgs/action/NavigateToPose', 'navigate_to_pose');
  let timeS = 0;
  let ticks = 0;
  /** Advances sim time by one period: the base moves by the last /cmd_vel, tf and a scan follow. */
  const tick = async () => {
    const command = commands[commands.length - 1] ?? { vx: 0, vy: 0, wz: 0 };
    const c = Math.cos(pose[2]!);
    const s = Math.sin(pose[2]!);
    pose[0]! += (c * command.vx - s * command.vy) * PERIOD_S;
    pose[1]! += (s * command.vx + c * command.vy) * PERIOD_S;
    pose[2]! += command.wz * PERIOD_S;
    ticks++;
    timeS = ticks * PERIOD_S;
    const stamp = Time.fromSeconds(timeS).toMsg();
    tf.sendTransform({
      header: { stamp, frame_id: 'odom' },
      child_frame_id: 'base_footprint',
      transform: {
        translation: { x: pose[0]!, y: pose[1]!, z: 0 },
        rotation: { x: 0, y: 0, z: Math.sin(pose[2]! / 2), w: Math.cos(pose[2]! / 2) },
      },
    });
    // Nothing within range: every beam clears, none marks (the map has the walls).
    scan.publish({
      header: { stamp, frame_id: 'base_range_sensor_link' },
      angle_min: -2.3,
      angle_max: 2.3,
      angle_increment: 4.6 / 90,
      time_increment: 0,
      scan_time: 0.1,
      range_min: 0.05,
      range_max: 20,
      ranges: new Float32Array(91).fill(Infinity),
      intensities: new Float32Array(0),
    });
    setSimTime(context, clock, timeS);
    for (let k = 0; k < 3; k++) await new Promise((resolve) => setImmediate(resolve));
    context.spinSome();
  };
  const goal = (x: number, y: number, yaw: number, frame = 'map') => ({
    pose: {
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: frame },
      pose: {
        position: { x, y, z: 0 },
        orientation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) },
      },
    },
    behavior_tree: '',
  });
  for (let k = 0; k < 3; k++) await tick();
  return { context, logs, client, tick, goal, pose, commands, outcomes, eStop, world };
}

/** Spins (without advancing sim time) until a service-backed promise settles. */
async function settle<T>(context: Context, promise: Promise<T>): Promise<T> {
  let done = false;
  void promise.finally(() => (done = true));
  for (let k = 0; k < 1000 && !done; k++) {
    context.spinSome();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return promise;
}

/** Ticks until `done` or `maxS` of sim time. */
async function until(tick: () => Promise<void>, done: () => boolean, maxS: number) {
  for (let t = 0; t < maxS && !done(); t += PERIOD_S) await tick();
}

describe('navigator', () => {
  it('drives through the gap to the goal, with feedback, and ends SUCCEEDED with outcome 0', async () => {
    const { context, client, tick, goal, pose, outcomes } = await room('gap');
    const feedback: number[] = [];
    const handle = await settle(
      context,
      client.sendGoal(goal(3.2, 0.6, Math.PI / 2), (f) => feedback.push(f.distance_remaining)),
    );
    expect(handle.accepted).toBe(true);
    let status = 0;
    void handle.getResult().then((r) => (status = r.status));
    await until(tick, () => status !== 0, 60);
    expect(status).toBe(SUCCEEDED);
    expect(Math.hypot(pose[0]! - 3.2, pose[1]! - 0.6)).toBeLessThanOrEqual(0.05);
    expect(feedback.length).toBeGreaterThan(20);
    expect(feedback[0]!).toBeGreaterThan(feedback[feedback.length - 1]!);
    expect(outcomes.at(-1)).toMatchObject({ code: 0 });
  });

  it('turns within max_vel_theta set while it runs (ros2 param set)', async () => {
    const { context, client, tick, goal, pose, commands, world } = await room('gap');
    const setParameters = world.createClient('rcl_interfaces/srv/SetParameters', '/navigator/set_parameters');
    const response = await settle(
      context,
      setParameters.sendRequest({
        parameters: [
          { name: 'max_vel_theta', value: toParameterValueMsg(0.4, 'double') },
          { name: 'acc_lim_theta', value: toParameterValueMsg(0.8, 'double') },
        ],
      }),
    );
    expect(response.results.every((r) => r.successful)).toBe(true);
    const handle = await settle(context, client.sendGoal(goal(0.6, 0.6, Math.PI)));
    let status = 0;
    void handle.getResult().then((r) => (status = r.status));
    const from = commands.length;
    await until(tick, () => status !== 0, 30);
    expect(status).toBe(SUCCEEDED);
    expect(Math.abs(Math.abs(pose[2]!) - Math.PI)).toBeLessThan(0.06);
    const turnRates = commands.slice(from).map((c) => Math.abs(c.wz));
    expect(Math.max(...turnRates)).toBeLessThanOrEqual(0.4 + 1e-9);
    expect(Math.max(...turnRates)).toBeGreaterThan(0.3);
  });

  it('takes a footprint with an arm held out while it runs, and refuses a bad one saying why', async () => {
    const { context, world } = await room('gap');
    const setParameters = world.createClient('rcl_interfaces/srv/SetParameters', '/navigator/set_parameters');
    const set = async (text: string) =>
      (
        await settle(
          context,
          setParameters.sendRequest({
            parameters: [{ name: 'footprint', value: toParameterValueMsg(text, 'string') }],
          }),
        )
      ).results[0]!;
    expect((await set('[[0.49, 0.07], [0, 0.2], [-0.2, 0], [0, -0.2], [0.49, -0.07]]')).successful).toBe(
      true,
    );
    const refused = await set('[[0.49, 0.07], [0, 0.2]]');
    expect(refused.successful).toBe(false);
    expect(refused.reason).toMatch(/footprint.*at least 3 points/);
  });

  it('rejects bad goals naming what is wrong', async () => {
    const { context, client, logs, goal } = await room('gap');
    for (const [bad, why] of [
      [goal(NaN, 1, 0), 'non-finite value'],
      [goal(1, 1, 0, 'camera_link'), "the goal's frame 'camera_link' cannot be transformed"],
      [goal(9, 1, 0), 'is outside the map'],
      [goal(2.02, 0.5, 0), 'inside an obstacle'],
    ] as const) {
      expect((await settle(context, client.sendGoal(bad))).accepted).toBe(false);
      expect(logs.some((l) => l.level === 'warn' && l.message.includes(why))).toBe(true);
    }
  });

  it('cancels on request and stops the base', async () => {
    const { context, client, tick, goal, commands } = await room('gap');
    const handle = await settle(context, client.sendGoal(goal(3.2, 0.6, 0)));
    await until(tick, () => false, 2);
    expect(Math.abs(commands.at(-1)!.vx) + Math.abs(commands.at(-1)!.vy)).toBeGreaterThan(0.05);
    let status = 0;
    void handle.getResult().then((r) => (status = r.status));
    await settle(context, handle.cancelGoal());
    await until(tick, () => status !== 0, 1);
    expect(status).toBe(CANCELED);
    await tick();
    expect(commands.at(-1)).toEqual({ vx: 0, vy: 0, wz: 0 });
  });

  it('aborts with NO_VALID_PATH after its recoveries when the way is closed', async () => {
    const { context, client, tick, goal, outcomes, logs } = await room('closed');
    const handle = await settle(context, client.sendGoal(goal(3.2, 0.6, 0)));
    let status = 0;
    void handle.getResult().then((r) => (status = r.status));
    await until(tick, () => status !== 0, 120);
    expect(status).toBe(ABORTED);
    expect(outcomes.at(-1)).toMatchObject({ code: 208 });
    expect(outcomes.at(-1)!.number_of_recoveries).toBeGreaterThan(3);
    expect(logs.some((l) => l.message.includes('recovery back_up'))).toBe(true);
  });
});

describe('collision monitor', () => {
  it('the emergency stop stops the base at once and holds it until released', async () => {
    const { context, client, tick, goal, commands, eStop, pose } = await room('gap');
    await settle(context, client.sendGoal(goal(3.2, 0.6, 0)));
    await until(tick, () => false, 2);
    eStop.publish({ data: true });
    context.spinSome();
    // Published from the e-stop callback itself: within one control period.
    expect(commands.at(-1)).toEqual({ vx: 0, vy: 0, wz: 0 });
    const held = Float64Array.from(pose);
    await until(tick, () => false, 2);
    expect(Math.hypot(pose[0]! - held[0]!, pose[1]! - held[1]!)).toBeLessThan(1e-9);
    eStop.publish({ data: false });
    await until(tick, () => false, 1);
    expect(Math.hypot(pose[0]! - held[0]!, pose[1]! - held[1]!)).toBeGreaterThan(0.01);
  });

  it('logs a malformed command and keeps running', async () => {
    const { world, tick, logs, commands } = await room('gap');
    world
      .createPublisher('geometry_msgs/msg/Twist', '/cmd_vel_nav')
      .publish({ linear: { x: NaN, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    await tick();
    expect(logs.some((l) => l.message.includes('non-finite velocity'))).toBe(true);
    expect(commands.at(-1)).toEqual({ vx: 0, vy: 0, wz: 0 });
  });
});
