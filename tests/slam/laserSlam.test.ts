import { describe, expect, it } from 'vitest';
import { laserSlamDrive } from '../../scripts/eval/harness/laserSlamDrive.ts';
import { LaserSlam } from '../../src/slam/laser/LaserSlam.ts';
import { laserPoints } from '../../src/slam/laser/laserPoints.ts';
import { LikelihoodField } from '../../src/slam/laser/LikelihoodField.ts';
import { OccupancyGrid } from '../../src/slam/laser/OccupancyGrid.ts';
import { ScanMatcher } from '../../src/slam/laser/scanMatcher.ts';

/** Points of an L-shaped corner plus a pillar, seen from the origin: enough structure to pin x, y and θ. */
function cornerScan(): Float32Array {
  const points: number[] = [];
  for (let y = -2; y <= 2; y += 0.02) points.push(3, y);
  for (let x = -1; x < 3; x += 0.02) points.push(x, 2);
  for (let a = 0; a < 2 * Math.PI; a += 0.1) points.push(1.5 + 0.2 * Math.cos(a), -1 + 0.2 * Math.sin(a));
  return Float32Array.from(points);
}

function transformed(points: Float32Array, pose: readonly number[]): Float32Array {
  const c = Math.cos(pose[2]!);
  const s = Math.sin(pose[2]!);
  const out = new Float32Array(points.length);
  for (let k = 0; k < points.length; k += 2) {
    out[k] = pose[0]! + c * points[k]! - s * points[k + 1]!;
    out[k + 1] = pose[1]! + s * points[k]! + c * points[k + 1]!;
  }
  return out;
}

describe('scan matching', () => {
  it('recovers a known pose from an offset guess, to sub-cell accuracy', () => {
    const map = cornerScan();
    const field = LikelihoodField.fromPoints(map, map.length / 2, 0, 0, 10, 0.025, 0.03);
    const truePose = [0.12, -0.07, 0.05];
    // The scan as seen from truePose: map points brought into that frame.
    const c = Math.cos(truePose[2]!);
    const s = Math.sin(truePose[2]!);
    const scan = new Float32Array(map.length);
    for (let k = 0; k < map.length; k += 2) {
      const dx = map[k]! - truePose[0]!;
      const dy = map[k + 1]! - truePose[1]!;
      scan[k] = c * dx + s * dy;
      scan[k + 1] = -s * dx + c * dy;
    }
    const match = new ScanMatcher().match(field, scan, scan.length / 2, [0, 0, 0], {
      linearM: 0.2,
      angularRad: 0.1,
    });
    expect(Math.hypot(match.pose[0]! - truePose[0]!, match.pose[1]! - truePose[1]!)).toBeLessThan(0.01);
    expect(Math.abs(match.pose[2]! - truePose[2]!)).toBeLessThan(0.005);
    expect(match.inliers).toBeGreaterThan(0.95);
  });

  it('scores a scan of another place as a poor match', () => {
    const map = cornerScan();
    const field = LikelihoodField.fromPoints(map, map.length / 2, 0, 0, 10, 0.025, 0.03);
    const elsewhere = transformed(map, [0, 0, Math.PI / 2]);
    const match = new ScanMatcher().match(field, elsewhere, elsewhere.length / 2, [0, 0, 0], {
      linearM: 0.1,
      angularRad: 0.05,
    });
    expect(match.inliers).toBeLessThan(0.5);
  });

  it('rejects an empty scan and a scan too sparse to match', () => {
    const field = LikelihoodField.fromPoints(cornerScan(), 10, 0, 0, 4, 0.05, 0.05);
    expect(() =>
      new ScanMatcher().match(field, new Float32Array(0), 0, [0, 0, 0], { linearM: 0, angularRad: 0 }),
    ).toThrow(/at least one point/);
    expect(() => new LaserSlam().addScan(new Float32Array(8), 4, [0, 0, 0], 0)).toThrow(
      /at least 10 valid points to match, got 4/,
    );
  });
});

describe('laser points and occupancy grid', () => {
  it('converts ranges through the mount pose and skips invalid beams', () => {
    const out = new Float32Array(8);
    const count = laserPoints(
      [1, Infinity, 0.01, 2],
      { angleMin: 0, angleIncrement: Math.PI / 2, rangeMin: 0.05, rangeMax: 10, mount: [0.2, 0, 0] },
      1,
      out,
    );
    expect(count).toBe(2);
    expect(Array.from(out.slice(0, 4))).toEqual([
      expect.closeTo(1.2, 6),
      expect.closeTo(0, 6),
      expect.closeTo(0.2, 6),
      expect.closeTo(-2, 6),
    ]);
  });

  it('marks the cell a beam ends in occupied and the cells it crosses free', () => {
    const grid = new OccupancyGrid(-1, -1, 0.1, 40, 20);
    grid.integrate([0, 0, 0], Float32Array.of(2, 0), 1);
    const data = grid.toOccupancy();
    const cell = (x: number, y: number) => data[Math.floor((y + 1) / 0.1) * 40 + Math.floor((x + 1) / 0.1)]!;
    expect(cell(2.05, 0.05)).toBeGreaterThan(65);
    expect(cell(1.05, 0.05)).toBeLessThan(50);
    expect(cell(1.05, 0.05)).toBeGreaterThanOrEqual(0);
    expect(cell(1.05, 0.55)).toBe(-1);
    expect(() => new OccupancyGrid(0, 0, 0, 10, 10)).toThrow(/positive resolution/);
  });
});

describe('the map frame', () => {
  it('starts where the initial pose says, tracks from there, and takes no initial pose once mapping started', () => {
    const slam = new LaserSlam();
    const start = [2, 1, 0.5];
    slam.setInitialPose(start);
    const scan = cornerScan();
    slam.addScan(scan, scan.length / 2, [0, 0, 0], 0);
    expect(Array.from(slam.mapToOdom())).toEqual(start);
    // 0.1 m forward by odometry: the corner seen 0.1 m nearer; the pose moves along the start's heading.
    const moved = transformed(scan, [-0.1, 0, 0]);
    slam.addScan(moved, moved.length / 2, [0.1, 0, 0], 0.1);
    expect(slam.pose[0]).toBeCloseTo(2 + 0.1 * Math.cos(0.5), 2);
    expect(slam.pose[1]).toBeCloseTo(1 + 0.1 * Math.sin(0.5), 2);
    expect(slam.pose[2]).toBeCloseTo(0.5, 2);
    expect(() => slam.setInitialPose([0, 0, 0])).toThrow(/before the first scan/);
    expect(() => new LaserSlam().setInitialPose([0, Number.NaN, 0])).toThrow(/initial pose must be finite/);
  });
});

describe('tracking', () => {
  it('follows a push its odometry did not see (a bump, a person), beyond the tracking window', () => {
    const slam = new LaserSlam();
    const scan = cornerScan();
    slam.addScan(scan, scan.length / 2, [0, 0, 0], 0);
    // Shoved 15 cm sideways and turned 0.08 rad; the wheels turned not at all.
    const shoved = [0.05, -0.14, 0.08];
    const c = Math.cos(shoved[2]!);
    const s = Math.sin(shoved[2]!);
    // The scan seen from the shoved pose: the map's points in that pose's frame.
    const inverse = [-(c * shoved[0]! + s * shoved[1]!), s * shoved[0]! - c * shoved[1]!, -shoved[2]!];
    const seen = transformed(scan, inverse);
    const result = slam.addScan(seen, seen.length / 2, [0, 0, 0], 0.1);
    expect(result.tracking).toBe('tracking');
    expect(slam.pose[0]).toBeCloseTo(shoved[0]!, 2);
    expect(slam.pose[1]).toBeCloseTo(shoved[1]!, 2);
    expect(slam.pose[2]).toBeCloseTo(shoved[2]!, 2);
  });
});

describe('laser SLAM in the simulated room', () => {
  it('keeps the trajectory within centimetres over a 2-minute drive with drifting odometry, closing only true loops', async () => {
    const drive = await laserSlamDrive({ seed: 3, seconds: 120 });
    expect(drive.distanceM).toBeGreaterThan(15);
    expect(drive.loopClosures).toBeGreaterThan(0);
    expect(drive.falseLoopClosures).toBe(0);
    expect(drive.keyframeAteM).toBeLessThan(0.03);
    expect(drive.onlineAteM).toBeLessThan(0.03);
    expect(drive.odometryAteM).toBeGreaterThan(3 * drive.keyframeAteM);
  }, 60_000);

  it('relocalizes after being carried to a place it mapped a minute earlier', async () => {
    const drive = await laserSlamDrive({ seed: 4, seconds: 100, kidnapAtS: 80 });
    expect(drive.relocalizationS).toBeLessThan(1);
    expect(drive.falseLoopClosures).toBe(0);
    expect(drive.keyframeAteM).toBeLessThan(0.03);
  }, 60_000);
});
