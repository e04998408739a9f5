import { describe, expect, it } from 'vitest';
import simBridge from '../../nodes/simBridge.ts';
import slamNode from '../../nodes/slam.ts';
import { testContext, until } from '../runtime/helpers.ts';

describe('slam node', () => {
  it('builds /map and publishes map → odom from the sim bridge, skipping an unusable scan', async () => {
    const { context, logs } = testContext();
    await simBridge.start(context, {
      arguments: [
        '-p',
        'real_time_factor:=0',
        '-p',
        'status_period_s:=0',
        '-p',
        'seed:=2',
        '-p',
        'ceiling_cameras:=0',
      ],
    });
    await slamNode.start(context, { arguments: ['-p', 'map_period_s:=0.5', '-p', 'use_sim_time:=true'] });
    const probe = context.createNode('probe');
    const maps: Array<{ info: { width: number; height: number }; data: ArrayLike<number> }> = [];
    const corrections: string[] = [];
    probe.createSubscription(
      'nav_msgs/msg/OccupancyGrid',
      '/map',
      { qos: { durability: 'transient_local' } },
      (m) => maps.push(m),
    );
    probe.createSubscription('tf2_msgs/msg/TFMessage', '/tf', (m) => {
      for (const t of m.transforms) if (t.header.frame_id === 'map') corrections.push(t.child_frame_id);
    });
    const badScan = probe.createPublisher('sensor_msgs/msg/LaserScan', '/scan', {
      reliability: 'best_effort',
    });
    context.spin();
    await until(() => maps.length >= 2 && corrections.length >= 5, 'a map and map → odom', 60_000);
    badScan.publish({
      header: { stamp: { sec: 1, nanosec: 0 }, frame_id: 'base_range_sensor_link' },
      angle_min: -1,
      angle_max: 1,
      angle_increment: 0.5,
      time_increment: 0,
      scan_time: 0.1,
      range_min: 0.05,
      range_max: 20,
      ranges: [NaN, NaN, NaN, NaN, NaN],
      intensities: [],
    });
    const before = corrections.length;
    await until(() => corrections.length > before + 3, 'more corrections after the bad scan', 60_000);
    expect(
      logs.some(
        (l) =>
          l.level === 'warn' && l.message.includes('skipping a scan: a scan needs at least 10 valid points'),
      ),
    ).toBe(true);
    expect(corrections[0]).toBe('odom');
    const map = maps[maps.length - 1]!;
    expect(map.data.length).toBe(map.info.width * map.info.height);
    const values = Array.from(map.data);
    expect(values.filter((v) => v > 65).length).toBeGreaterThan(100);
    expect(values.filter((v) => v >= 0 && v < 35).length).toBeGreaterThan(1000);
    await context.shutdown();
  }, 90_000);
});
