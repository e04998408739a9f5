/**
 * A planar path: poses [x, y, yaw] (m, rad, in the map frame) stored flat, with the cumulative
 * arc length at each pose. Built from a planner's cells, densified to `spacingM` so the
 * controller can find its place on it; each pose faces along the path, the last one the goal's
 * yaw.
 */
import type { Costmap2D } from './Costmap2D.ts';

export class Path2D {
  constructor(
    /** [x0, y0, yaw0, x1, y1, yaw1, …]. */
    readonly poses: Float64Array,
    /** Arc length (m) from the first pose to each pose. */
    readonly arcLength: Float64Array,
  ) {}

  get length(): number {
    return this.arcLength.length;
  }

  get totalLengthM(): number {
    return this.arcLength[this.arcLength.length - 1] ?? 0;
  }

  static fromWaypoints(waypoints: ArrayLike<number>, goalYaw: number, spacingM: number): Path2D {
    const count = waypoints.length / 2;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k < count; k++) {
      const x = waypoints[2 * k]!;
      const y = waypoints[2 * k + 1]!;
      if (k === 0) {
        xs.push(x);
        ys.push(y);
        continue;
      }
      const px = xs[xs.length - 1]!;
      const py = ys[ys.length - 1]!;
      const steps = Math.max(1, Math.ceil(Math.hypot(x - px, y - py) / spacingM));
      for (let s = 1; s <= steps; s++) {
        xs.push(px + ((x - px) * s) / steps);
        ys.push(py + ((y - py) * s) / steps);
      }
    }
    const n = xs.length;
    const poses = new Float64Array(3 * n);
    const arc = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      poses[3 * k] = xs[k]!;
      poses[3 * k + 1] = ys[k]!;
      if (k > 0) arc[k] = arc[k - 1]! + Math.hypot(xs[k]! - xs[k - 1]!, ys[k]! - ys[k - 1]!);
    }
    for (let k = 0; k < n; k++) {
      const next = Math.min(n - 1, k + 1);
      const prev = next === k ? k - 1 : k;
      poses[3 * k + 2] =
        k === n - 1 || prev < 0 ? goalYaw : Math.atan2(ys[next]! - ys[prev]!, xs[next]! - xs[prev]!);
    }
    return new Path2D(poses, arc);
  }

  /** The planner's cells as a path from the exact start to the exact goal. */
  static fromCells(
    costmap: Costmap2D,
    cells: Int32Array,
    start: ArrayLike<number>,
    goal: ArrayLike<number>,
    spacingM: number,
  ): Path2D {
    const waypoints = new Float64Array(2 * Math.max(2, cells.length));
    waypoints[0] = start[0]!;
    waypoints[1] = start[1]!;
    for (let k = 1; k < cells.length - 1; k++) {
      const c = cells[k]! % costmap.width;
      waypoints[2 * k] = costmap.cellX(c);
      waypoints[2 * k + 1] = costmap.cellY((cells[k]! - c) / costmap.width);
    }
    const last = Math.max(1, cells.length - 1);
    waypoints[2 * last] = goal[0]!;
    waypoints[2 * last + 1] = goal[1]!;
    return Path2D.fromWaypoints(waypoints, goal[2]!, spacingM);
  }
}
