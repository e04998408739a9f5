/**
 * Notices something moving towards the robot — a person who will not yield — from two successive
 * laser scans in the map frame. Each return within `watchRadiusM` of the robot is matched to the
 * nearest return of the previous scan; returns that moved more than `minStepM` towards the robot
 * are the moving thing's front, their mean displacement over the scan interval its velocity. Only
 * a compact group counts (within `clusterRadiusM` of the nearest such return, and most of them):
 * a localization jump shifts every return at once and is no one walking. With at least
 * `minPoints` in the group, at `minSpeedMps` or more, on a line that passes the robot within
 * `passDistanceM`, the nearest one, its velocity and the time until it reaches the robot's
 * footprint are reported. Static things match themselves and stay silent. Scratch
 * buffers are owned and grown, never allocated per point.
 */
export interface ApproachOptions {
  readonly watchRadiusM: number;
  readonly minStepM: number;
  readonly maxStepM: number;
  readonly minPoints: number;
  readonly clusterRadiusM: number;
  readonly minSpeedMps: number;
  /** A line of travel passing the robot's centre farther than this is no threat (m). */
  readonly passDistanceM: number;
  readonly footprintRadiusM: number;
}

export const DEFAULT_APPROACH: ApproachOptions = {
  watchRadiusM: 3,
  minStepM: 0.03,
  maxStepM: 0.3,
  minPoints: 3,
  clusterRadiusM: 0.6,
  minSpeedMps: 0.35,
  passDistanceM: 0.75,
  footprintRadiusM: 0.215,
};

export interface Approach {
  /** The nearest approaching return (map frame, m). */
  readonly x: number;
  readonly y: number;
  /** Its velocity (m/s, map frame). */
  readonly vx: number;
  readonly vy: number;
  /** Until it reaches the footprint at its closing speed (s). */
  readonly timeToContactS: number;
}

export class ApproachDetector {
  #previous = new Float64Array(0);
  #previousCount = 0;
  #previousS = NaN;
  #current = new Float64Array(0);

  constructor(readonly options: ApproachOptions = DEFAULT_APPROACH) {}

  #steps = new Float64Array(0);

  /** The approaching group among the `kept` current returns, if there is one. */
  #approach(kept: number, dtS: number, robotX: number, robotY: number): Approach | undefined {
    const o = this.options;
    if (this.#steps.length < 2 * kept) this.#steps = new Float64Array(2 * kept);
    const steps = this.#steps;
    let moving = 0;
    let nearest = -1;
    let nearestD = Infinity;
    for (let k = 0; k < kept; k++) {
      const x = this.#current[2 * k]!;
      const y = this.#current[2 * k + 1]!;
      let best = -1;
      let bestD2 = Infinity;
      for (let j = 0; j < this.#previousCount; j++) {
        const d2 = (this.#previous[2 * j]! - x) ** 2 + (this.#previous[2 * j + 1]! - y) ** 2;
        if (d2 < bestD2) {
          bestD2 = d2;
          best = j;
        }
      }
      steps[2 * k] = NaN;
      const step = Math.sqrt(bestD2);
      if (best < 0 || step < o.minStepM || step > o.maxStepM) continue;
      const dx = x - this.#previous[2 * best]!;
      const dy = y - this.#previous[2 * best + 1]!;
      // Towards the robot: the step closes the distance.
      if (dx * (robotX - x) + dy * (robotY - y) <= 0) continue;
      steps[2 * k] = dx;
      steps[2 * k + 1] = dy;
      moving++;
      const d = Math.hypot(x - robotX, y - robotY);
      if (d < nearestD) {
        nearestD = d;
        nearest = k;
      }
    }
    if (nearest < 0) return undefined;
    const nx = this.#current[2 * nearest]!;
    const ny = this.#current[2 * nearest + 1]!;
    let group = 0;
    let sumDx = 0;
    let sumDy = 0;
    for (let k = 0; k < kept; k++) {
      if (Number.isNaN(steps[2 * k]!)) continue;
      if (Math.hypot(this.#current[2 * k]! - nx, this.#current[2 * k + 1]! - ny) > o.clusterRadiusM) continue;
      group++;
      sumDx += steps[2 * k]!;
      sumDy += steps[2 * k + 1]!;
    }
    if (group < o.minPoints || group < moving / 2) return undefined;
    const vx = sumDx / group / dtS;
    const vy = sumDy / group / dtS;
    const speed = Math.hypot(vx, vy);
    if (speed < o.minSpeedMps) return undefined;
    // How close its line of travel passes the robot's centre.
    const pass = Math.abs((robotX - nx) * vy - (robotY - ny) * vx) / speed;
    if (pass > o.passDistanceM) return undefined;
    const closing = (vx * (robotX - nx) + vy * (robotY - ny)) / Math.max(1e-9, nearestD);
    const timeToContactS = closing > 0 ? Math.max(0, nearestD - o.footprintRadiusM) / closing : Infinity;
    return { x: nx, y: ny, vx, vy, timeToContactS };
  }

  /** One scan's returns (x, y pairs in the map frame) at `timeS`, the robot at (robotX, robotY). */
  update(
    points: Float64Array,
    count: number,
    timeS: number,
    robotX: number,
    robotY: number,
  ): Approach | undefined {
    const o = this.options;
    if (this.#current.length < 2 * count) this.#current = new Float64Array(2 * count);
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const x = points[2 * k]!;
      const y = points[2 * k + 1]!;
      if (Math.hypot(x - robotX, y - robotY) > o.watchRadiusM) continue;
      this.#current[2 * kept] = x;
      this.#current[2 * kept + 1] = y;
      kept++;
    }
    const dtS = timeS - this.#previousS;
    let result: Approach | undefined;
    if (dtS > 0 && dtS < 0.5 && this.#previousCount > 0) result = this.#approach(kept, dtS, robotX, robotY);
    const swap = this.#previous;
    this.#previous = this.#current;
    this.#current = swap;
    this.#previousCount = kept;
    this.#previousS = timeS;
    return result;
  }
}
