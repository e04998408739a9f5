import { describe, expect, it } from 'vitest';
import { avoidMovers, predictedClearanceM } from '../../src/navigation/avoidMovers.ts';
import { MovingObstacleTracker } from '../../src/navigation/MovingObstacleTracker.ts';

/** A 360-ray scan from (sx, sy) of a wall at x = 3 and a disc of radius r at (cx, cy); misses at 8 m. */
function scan(sx: number, sy: number, cx: number, cy: number, r: number) {
  const count = 360;
  const points = new Float64Array(2 * count);
  const hit = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    const a = (2 * Math.PI * k) / count;
    const dx = Math.cos(a);
    const dy = Math.sin(a);
    let range = Infinity;
    if (dx > 1e-9) range = (3 - sx) / dx;
    // Ray–disc intersection.
    const fx = sx - cx;
    const fy = sy - cy;
    const b = fx * dx + fy * dy;
    const disc = b * b - (fx * fx + fy * fy - r * r);
    if (disc >= 0) {
      const t = -b - Math.sqrt(disc);
      if (t > 0) range = Math.min(range, t);
    }
    hit[k] = range < 8 ? 1 : 0;
    const shown = Math.min(range, 8);
    points[2 * k] = sx + dx * shown;
    points[2 * k + 1] = sy + dy * shown;
  }
  return { points, hit, count };
}

describe('moving obstacle tracker', () => {
  it('follows a walking person at its speed, flags its returns, and never the wall', () => {
    const tracker = new MovingObstacleTracker();
    let flagged = 0;
    let wallFlagged = 0;
    for (let k = 0; k <= 20; k++) {
      const t = k * 0.1;
      const { points, hit, count } = scan(0, 0, 1.5, -1 + 0.8 * t, 0.22);
      const onMover = new Uint8Array(count);
      tracker.update(t, { sensorX: 0, sensorY: 0, points, hit, count }, onMover);
      for (let i = 0; i < count; i++) {
        if (!onMover[i]) continue;
        if (Math.abs(points[2 * i]! - 3) < 1e-6) wallFlagged++;
        else flagged++;
      }
    }
    expect(tracker.movers).toHaveLength(1);
    const [person] = tracker.movers;
    // Walking at 0.8 m/s along +y, at (1.5, 0.6) by now.
    expect(Math.abs(person!.vx)).toBeLessThan(0.15);
    expect(person!.vy).toBeGreaterThan(0.65);
    expect(person!.vy).toBeLessThan(0.95);
    expect(Math.hypot(person!.x - 1.5, person!.y - 0.6)).toBeLessThan(0.15);
    expect(flagged).toBeGreaterThan(0);
    expect(wallFlagged).toBe(0);
  });

  it('what the map holds is never a mover, even where its visible part seems to walk', () => {
    // A post whose seen centre drifts as a moving robot's view of it changes: on the map, it is
    // left alone; off the map, the same returns would be followed as a walker.
    const postPath = (t: number) => ({ x: 1.5, y: -1 + 0.8 * t });
    const onMap = (x: number, y: number) => Math.abs(x - 1.5) < 0.35 && y > -1.4 && y < 1.4;
    for (const mapped of [onMap, undefined]) {
      const tracker = new MovingObstacleTracker();
      for (let k = 0; k <= 20; k++) {
        const t = k * 0.1;
        const { x, y } = postPath(t);
        const { points, hit, count } = scan(0, 0, x, y, 0.1);
        tracker.update(t, { sensorX: 0, sensorY: 0, points, hit, count }, new Uint8Array(count), mapped);
      }
      expect(tracker.movers).toHaveLength(mapped ? 0 : 1);
    }
  });

  it('follows a person walking beside mapped furniture', () => {
    const tracker = new MovingObstacleTracker();
    // The wall at x = 3 is on the map; the person walks 1.5 m in front of it.
    const mapped = (x: number) => Math.abs(x - 3) < 0.08;
    for (let k = 0; k <= 20; k++) {
      const t = k * 0.1;
      const { points, hit, count } = scan(0, 0, 1.5, -1 + 0.8 * t, 0.22);
      tracker.update(t, { sensorX: 0, sensorY: 0, points, hit, count }, new Uint8Array(count), mapped);
    }
    expect(tracker.movers).toHaveLength(1);
  });

  it('a standing person is not a mover', () => {
    const tracker = new MovingObstacleTracker();
    for (let k = 0; k <= 20; k++) {
      const { points, hit, count } = scan(0, 0, 1.5, 0.4, 0.22);
      tracker.update(k * 0.1, { sensorX: 0, sensorY: 0, points, hit, count }, new Uint8Array(count));
    }
    expect(tracker.movers).toHaveLength(0);
  });
});

describe('yielding to movers', () => {
  const options = { robotRadiusM: 0.25, marginM: 0.15, horizonS: 2.5, maxSpeedMps: 0.5, maxAccel: 1 };
  const person = { x: 2, y: 0, vx: -1, vy: 0, radiusM: 0.22 };

  it('keeps the nominal velocity when no mover comes near', () => {
    const far = { x: 0, y: 5, vx: 1, vy: 0, radiusM: 0.22 };
    const chosen = avoidMovers(0, 0, 0, 0, 0.3, 0, 1, 0, [far], options, () => true);
    expect(chosen).toEqual({ vx: 0.3, vy: 0, yielding: false });
  });

  it('steps out of the way of someone walking at the robot, to the side the costmap allows', () => {
    // Standing still, the person walks into the robot within the horizon.
    expect(predictedClearanceM(0, 0, 0, 0, 0, 0, person, options)).toBeLessThan(0);
    const chosen = avoidMovers(0, 0, 0, 0, 0, 0, 1, 0, [person], options, () => true);
    expect(chosen.yielding).toBe(true);
    expect(predictedClearanceM(0, 0, 0, 0, chosen.vx, chosen.vy, person, options)).toBeGreaterThanOrEqual(
      options.marginM,
    );
    expect(Math.abs(chosen.vy)).toBeGreaterThan(0.2);
    // With everything to the left (y > 0) blocked, it goes right.
    const right = avoidMovers(0, 0, 0, 0, 0, 0, 1, 0, [person], options, (_vx, vy) => vy <= 0);
    expect(right.vy).toBeLessThan(0);
    expect(predictedClearanceM(0, 0, 0, 0, right.vx, right.vy, person, options)).toBeGreaterThanOrEqual(
      options.marginM,
    );
  });
});
