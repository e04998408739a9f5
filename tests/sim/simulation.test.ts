import { describe, expect, it } from 'vitest';
import simBridge from '../../nodes/simBridge.ts';
import { BASE, LASER, Simulation } from '../../sim/Simulation.ts';
import { testContext, until } from '../runtime/helpers.ts';

const STEP_S = 1 / 240;

describe('simulation', () => {
  it('clamps commands beyond the base limits and rejects non-finite ones', async () => {
    const sim = await Simulation.create({ seed: 1, itemCount: 5 });
    expect(sim.setCommand({ vx: 3, vy: 4, wz: 9 })).toEqual({
      vx: 0.18,
      vy: expect.closeTo(0.24, 12),
      wz: BASE.maxAngularRps,
    });
    expect(() => sim.setCommand({ vx: NaN, vy: 0, wz: 0 })).toThrow(/cmd_vel vx must be finite/);
    sim.physics.free();
  });

  it('the base stops at a wall, and at furniture', async () => {
    const empty = await Simulation.create({ seed: 2, itemCount: 0, layout: 'empty' });
    empty.setCommand({ vx: BASE.maxLinearMps, vy: 0, wz: 0 }); // the start yaw is π/2: towards the far wall
    for (let k = 0; k < 240 * 20; k++) empty.step(STEP_S);
    const wallY = empty.world.room.depth;
    expect(empty.base[1]!).toBeLessThan(wallY - BASE.radiusM + 0.01);
    expect(empty.base[1]!).toBeGreaterThan(wallY - BASE.radiusM - 0.02);
    empty.physics.free();
    const furnished = await Simulation.create({ seed: 2, itemCount: 0 });
    const table = furnished.world.furniture.find((f) => f.category === 'low table')!;
    furnished.setCommand({ vx: BASE.maxLinearMps, vy: 0, wz: 0 });
    for (let k = 0; k < 240 * 20; k++) furnished.step(STEP_S);
    expect(furnished.base[1]!).toBeLessThan(table.position[1] - table.size[1] / 2 - BASE.radiusM + 0.01);
    furnished.physics.free();
  });

  it("rolls over a towel's flat layer without moving it, and pushes a box lying in the same place", async () => {
    // The base starts facing +y; the item's edge reaches 6 cm into its path, 60 cm ahead.
    const lying = async (shape: 'cloth' | 'box') => {
      const start = (await Simulation.create({ seed: 2, itemCount: 0, layout: 'empty' })).base;
      const [x, y] = [start[0]! + BASE.radiusM - 0.06 + 0.25, start[1]! + 0.6];
      const item = {
        id: 'thing',
        category: 'towel',
        colorName: 'blue',
        color: [40, 60, 200] as const,
        shape,
        dimensions: [0.5, 0.4, 0.04],
        mass: 0.3,
        friction: 0.9,
        tools: 'gripper' as const,
        home: 'laundry basket',
        pose: [x, y, 0.02, 0, 0, 0, 1],
        // The fold runs along y, 35 cm right of the item's left edge: clear of the base's path.
        ...(shape === 'cloth'
          ? { fold: { along: 1, offsetM: 0.1, widthM: 0.03, lengthShare: 0.7, layerM: 0.012 } as const }
          : {}),
      };
      const sim = await Simulation.create({ seed: 2, layout: 'empty', people: 0, items: [item] });
      sim.setCommand({ vx: BASE.maxLinearMps, vy: 0, wz: 0 });
      for (let k = 0; k < 240 * 5; k++) sim.step(STEP_S);
      expect(sim.base[1]! - start[1]!).toBeGreaterThan(1.2);
      const moved = Math.hypot(sim.physics.itemPose('thing')[0]! - x, sim.physics.itemPose('thing')[1]! - y);
      sim.physics.free();
      return moved;
    };
    expect(await lying('cloth')).toBeLessThan(0.005);
    expect(await lying('box')).toBeGreaterThan(0.03);
  });

  it('odometry drifts from the true motion but stays close', async () => {
    const sim = await Simulation.create({ seed: 3, itemCount: 0 });
    sim.setCommand({ vx: 0, vy: 0, wz: 0.5 });
    for (let k = 0; k < 240 * 4; k++) sim.step(STEP_S);
    const trueTurn = sim.base[2]! - Math.PI / 2;
    expect(sim.odometry[2]).not.toBeCloseTo(trueTurn, 4);
    expect(Math.abs(sim.odometry[2]! - trueTurn)).toBeLessThan(0.1 * Math.abs(trueTurn));
    sim.physics.free();
  });

  it('the same seed gives identical sensor data', async () => {
    const run = async () => {
      const sim = await Simulation.create({ seed: 9, itemCount: 20 });
      sim.setCommand({ vx: 0.2, vy: 0, wz: 0.3 });
      for (let k = 0; k < 240; k++) sim.step(STEP_S);
      const scan = Float32Array.from(sim.laserScan());
      const frame = sim.renderHead();
      const result = {
        scan,
        rgb: Uint8Array.from(frame.rgb),
        depth: Float32Array.from(frame.depth),
        odometry: Float64Array.from(sim.odometry),
      };
      sim.physics.free();
      return result;
    };
    const [a, b] = [await run(), await run()];
    expect(b.scan).toEqual(a.scan);
    expect(b.rgb).toEqual(a.rgb);
    expect(b.depth).toEqual(a.depth);
    expect(b.odometry).toEqual(a.odometry);
    expect(a.scan.length).toBe(LASER.beams);
  });
});

describe('sim_bridge node', () => {
  it('publishes sensors with ROS conventions and survives a malformed command', async () => {
    const { context, logs } = testContext();
    await simBridge.start(context, {
      arguments: ['-p', 'real_time_factor:=0', '-p', 'status_period_s:=0', '-p', 'seed:=4'],
    });
    const probe = context.createNode('probe');
    const scans: Array<{ angle_min: number; ranges: ArrayLike<number>; header: { frame_id: string } }> = [];
    const infos: Array<{ k: ArrayLike<number>; width: number }> = [];
    const truth: number[] = [];
    probe.createSubscription(
      'sensor_msgs/msg/LaserScan',
      '/scan',
      { qos: { reliability: 'best_effort' } },
      (m) => scans.push(m),
    );
    probe.createSubscription(
      'sensor_msgs/msg/CameraInfo',
      '/head_rgbd_sensor/rgb/camera_info',
      { qos: { reliability: 'best_effort' } },
      (m) => infos.push(m),
    );
    probe.createSubscription('geometry_msgs/msg/PoseStamped', '/sim/ground_truth/pose', (m) =>
      truth.push(m.pose.position.x),
    );
    const cmd = probe.createPublisher('geometry_msgs/msg/Twist', '/cmd_vel');
    context.spin();
    await until(() => scans.length >= 3 && infos.length >= 1, 'sensor messages');
    cmd.publish({ linear: { x: NaN, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    const before = scans.length;
    await until(() => scans.length > before + 2, 'more scans after the bad command');
    expect(
      logs.some(
        (l) => l.level === 'warn' && l.message.includes('ignoring /cmd_vel: cmd_vel vx must be finite'),
      ),
    ).toBe(true);
    expect(scans[0]!.header.frame_id).toBe('base_range_sensor_link');
    expect(scans[0]!.angle_min).toBeCloseTo(-LASER.fovRad / 2, 6);
    expect(scans[0]!.ranges.length).toBe(LASER.beams);
    expect(infos[0]!.width).toBe(640);
    expect(Array.from(infos[0]!.k)).toEqual([554.3, 0, 319.5, 0, 554.3, 239.5, 0, 0, 1]);
    expect(truth.length).toBeGreaterThan(0);
    await context.shutdown();
  });
});
