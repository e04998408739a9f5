/**
 * Notices something moving towards the robot — a person who will not yield — from two successive
 * laser scans in the map frame. Each return within `watchRadiusM` of the robot is matched to the
 * nearest return of the previous scan; returns that moved more than `minStepM` towards the robot
 * are the moving thing's front, their mean displacement over the scan interval its velocity. With
 * at least `minPoints` of them, the nearest one, its velocity and the time until it reaches the
 * robot's footprint are reported. Static things match themselves and stay silent. Scratch
 * buffers are owned and grown, never allocated per point.
 */
export interface ApproachOptions {
  readonly watchRadiusM: number;
  readonly minStepM: number;
  readonly maxStepM: number;
  readonly minPoints: number;
  readonly footprintRadiusM: number;
}

export const DEFAULT_APPROACH: ApproachOptions = {
  watchRadiusM: 3,
  minStepM: 0.03,
  maxStepM: 0.3,
  minPoints: 3,
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
    if (dtS > 0 && dtS < 0.5 && this.#previousCount > 0) {
      let moving = 0;
      let sumDx = 0;
      let sumDy = 0;
      let nearestX = 0;
      let nearestY = 0;
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
        const step = Math.sqrt(bestD2);
        if (best < 0 || step < o.minStepM || step > o.maxStepM) continue;
        const dx = x - this.#previous[2 * best]!;
        const dy = y - this.#previous[2 * best + 1]!;
        // Towards the robot: the step closes the distance.
        if (dx * (robotX - x) + dy * (robotY - y) <= 0) continue;
        moving++;
        sumDx += dx;
        sumDy += dy;
        const d = Math.hypot(x - robotX, y - robotY);
        if (d < nearestD) {
          nearestD = d;
          nearestX = x;
          nearestY = y;
        }
      }
      if (moving >= o.minPoints) {
        const vx = sumDx / moving / dtS;
        const vy = sumDy / moving / dtS;
        const closing = (vx * (robotX - nearestX) + vy * (robotY - nearestY)) / Math.max(1e-9, nearestD);
        const timeToContactS = closing > 0 ? Math.max(0, nearestD - o.footprintRadiusM) / closing : Infinity;
        result = { x: nearestX, y: nearestY, vx, vy, timeToContactS };
      }
    }
    const swap = this.#previous;
    this.#previous = this.#current;
    this.#current = swap;
    this.#previousCount = kept;
    this.#previousS = timeS;
    return result;
  }
}
