/**
 * The sim bridge's controllers through their standard actions, as a ROS 2 client would use them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import simBridge from '../../nodes/simBridge.ts';
import { ActionClient } from '../../src/runtime/actions/ActionClient.ts';
import type { Context } from '../../src/runtime/Context.ts';
import { testContext, until } from '../runtime/helpers.ts';

const SUCCEEDED = 4;
const CANCELED = 5;
const ABORTED = 6;
const ARM = ['arm_lift_joint', 'arm_flex_joint', 'arm_roll_joint', 'wrist_flex_joint', 'wrist_roll_joint'];
const contexts: Context[] = [];
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.shutdown();
});

async function bridge() {
  const { context, logs } = testContext();
  contexts.push(context);
  await simBridge.start(context, {
    arguments: [
      '-p',
      'real_time_factor:=0',
      '-p',
      'status_period_s:=0',
      '-p',
      'seed:=5',
      '-p',
      'people:=0',
      '-p',
      'head_camera_width:=64',
      '-p',
      'ceiling_cameras:=0',
    ],
  });
  const probe = context.createNode('probe');
  const joints = new Map<string, number>();
  probe.createSubscription('sensor_msgs/msg/JointState', '/joint_states', (m) =>
    m.name.forEach((name, k) => joints.set(name, Number(m.position[k]))),
  );
  const pressure: number[] = [];
  probe.createSubscription('sensor_msgs/msg/FluidPressure', '/suction/pressure', (m) =>
    pressure.push(m.fluid_pressure),
  );
  const arm = new ActionClient(
    probe,
    'control_msgs/action/FollowJointTrajectory',
    '/arm_trajectory_controller/follow_joint_trajectory',
  );
  const gripper = new ActionClient(
    probe,
    'control_msgs/action/GripperCommand',
    '/gripper_controller/gripper_cmd',
  );
  const suction = probe.createPublisher('std_msgs/msg/Bool', '/suction/command');
  context.spin();
  return { logs, joints, pressure, arm, gripper, suction };
}

const duration = (s: number) => ({ sec: Math.floor(s), nanosec: Math.round((s % 1) * 1e9) });
function trajectoryGoal(
  names: string[],
  points: Array<{ positions: number[]; timeS: number }>,
  extra: {
    path_tolerance?: Array<{ name: string; position: number; velocity: number; acceleration: number }>;
  } = {},
) {
  return {
    trajectory: {
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
      joint_names: names,
      points: points.map((p) => ({
        positions: p.positions,
        velocities: [],
        accelerations: [],
        effort: [],
        time_from_start: duration(p.timeS),
      })),
    },
    multi_dof_trajectory: {
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
      joint_names: [],
      points: [],
    },
    path_tolerance: extra.path_tolerance ?? [],
    component_path_tolerance: [],
    goal_tolerance: [],
    component_goal_tolerance: [],
    goal_time_tolerance: { sec: 0, nanosec: 0 },
  };
}

describe('sim controllers', () => {
  it('follows a joint trajectory with feedback, and refuses or aborts what it cannot do, saying why', async () => {
    const { logs, joints, arm } = await bridge();
    expect(await arm.waitForServer(5000)).toBe(true);
    const feedback: number[] = [];
    const goal = await arm.sendGoal(
      trajectoryGoal(ARM, [
        { positions: [0.1, -0.3, 0, -0.2, 0], timeS: 1 },
        { positions: [0.2, -0.6, 0.3, -0.4, 0.5], timeS: 2 },
      ]),
      (f) => feedback.push(Number(f.desired.positions[0])),
    );
    expect(goal.accepted).toBe(true);
    const done = await goal.getResult();
    expect(done.status).toBe(SUCCEEDED);
    expect(done.result.error_code).toBe(0);
    expect(feedback.length).toBeGreaterThan(10);
    await until(() => Math.abs((joints.get('arm_flex_joint') ?? 0) + 0.6) < 0.02, 'the arm at its goal');
    expect(joints.get('arm_lift_joint')).toBeCloseTo(0.2, 1);

    const missing = await arm.sendGoal(
      trajectoryGoal(ARM.slice(0, 4), [{ positions: [0, 0, 0, 0], timeS: 1 }]),
    );
    expect(missing.accepted).toBe(false);
    expect(
      logs.some(
        (l) =>
          l.level === 'warn' &&
          l.message.includes('INVALID_JOINTS') &&
          l.message.includes('missing: wrist_roll_joint'),
      ),
    ).toBe(true);
    const beyond = await arm.sendGoal(trajectoryGoal(ARM, [{ positions: [0.9, 0, 0, 0, 0], timeS: 5 }]));
    expect(beyond.accepted).toBe(false);
    expect(logs.some((l) => l.message.includes('arm_lift_joint = 0.9 is outside its limits [0, 0.69]'))).toBe(
      true,
    );

    const tight = await arm.sendGoal(
      trajectoryGoal(ARM, [{ positions: [0.4, -1.2, 0, 0, 0], timeS: 4 }], {
        path_tolerance: [{ name: 'arm_flex_joint', position: 1e-6, velocity: 0, acceleration: 0 }],
      }),
    );
    const aborted = await tight.getResult();
    expect(aborted.status).toBe(ABORTED);
    expect(aborted.result.error_code).toBe(-4);
    expect(aborted.result.error_string).toContain('arm_flex_joint is');

    const long = await arm.sendGoal(trajectoryGoal(ARM, [{ positions: [0.6, -2, 0, 0, 0], timeS: 10 }]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await long.cancelGoal();
    expect((await long.getResult()).status).toBe(CANCELED);
  });

  it('closes and opens the gripper, reporting what the fingers did; runs the suction pump', async () => {
    const { gripper, suction, pressure } = await bridge();
    expect(await gripper.waitForServer(5000)).toBe(true);
    const close = await gripper.sendGoal({ command: { position: 0, max_effort: 10 } });
    const closed = await close.getResult();
    expect(closed.status).toBe(SUCCEEDED);
    expect(closed.result.position).toBeLessThan(0.002);
    expect(closed.result.reached_goal).toBe(true);
    const open = await gripper.sendGoal({ command: { position: 0.1, max_effort: 0 } });
    expect((await open.getResult()).result.position).toBeCloseTo(0.1, 2);
    expect((await gripper.sendGoal({ command: { position: 0.5, max_effort: 10 } })).accepted).toBe(false);

    await until(() => pressure.length > 0, 'suction pressure');
    expect(pressure.at(-1)).toBeCloseTo(101_325, 0);
    suction.publish({ data: true });
    await until(() => pressure.at(-1)! < 100_000, 'the pump pulling');
    expect(pressure.at(-1)).toBeCloseTo(101_325 - 4000, 0);
  });

  it('stops the base when /cmd_vel goes quiet, as a base controller does, and puts base_link on tf', async () => {
    const { logs } = await bridge();
    const context = contexts.at(-1)!;
    const probe = context.createNode('driver');
    const odom: Array<{ t: number; vx: number }> = [];
    probe.createSubscription('nav_msgs/msg/Odometry', '/odom', (m) =>
      odom.push({ t: m.header.stamp.sec + m.header.stamp.nanosec * 1e-9, vx: m.twist.twist.linear.x }),
    );
    const frames = new Set<string>();
    probe.createSubscription(
      'tf2_msgs/msg/TFMessage',
      '/tf_static',
      { qos: { depth: 100, durability: 'transient_local' } },
      (m) => m.transforms.forEach((t) => frames.add(`${t.header.frame_id}>${t.child_frame_id}`)),
    );
    const cmdVel = probe.createPublisher('geometry_msgs/msg/Twist', '/cmd_vel');
    await until(() => odom.length > 0, 'odometry');
    expect(frames).toContain('base_footprint>base_link');
    cmdVel.publish({ linear: { x: 0.2, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    const sentS = odom.at(-1)!.t;
    await until(() => odom.at(-1)!.t > sentS + 1.5, 'a second and a half of sim time');
    expect(Math.max(...odom.filter((o) => o.t < sentS + 0.5).map((o) => o.vx))).toBeGreaterThan(0.1);
    expect(Math.abs(odom.at(-1)!.vx)).toBeLessThan(0.01);
    expect(logs.map((l) => l.message)).toContain('no /cmd_vel for 0.5 s: stopping the base');
  });
});
