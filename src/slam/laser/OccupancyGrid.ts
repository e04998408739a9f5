/**
 * An occupancy grid in log-odds, filled by tracing each laser beam: cells the beam passes are
 * evidence of free space, the cell it ends in of an obstacle. Converts to the
 * `nav_msgs/OccupancyGrid` convention (−1 unknown, 0..100 occupancy probability).
 */
import type { GridFrame } from './LikelihoodField.ts';

const LOG_ODDS_HIT = 0.85;
const LOG_ODDS_MISS = -0.4;
const LOG_ODDS_LIMIT = 5;

export class OccupancyGrid implements GridFrame {
  readonly logOdds: Float32Array;

  constructor(
    readonly originX: number,
    readonly originY: number,
    readonly resolution: number,
    readonly width: number,
    readonly height: number,
  ) {
    if (
      !(resolution > 0) ||
      !Number.isInteger(width) ||
      !Number.isInteger(height) ||
      width <= 0 ||
      height <= 0
    )
      throw new Error(
        `occupancy grid needs a positive resolution and size, got ${resolution} m, ${width}x${height}`,
      );
    this.logOdds = new Float32Array(width * height);
  }

  /**
   * Adds one scan: `points` (x, y pairs in the scan frame) seen from `pose` (x, y, θ in the grid's
   * frame). `hits` says per point whether the beam ended on an obstacle (false: max range, free only).
   */
  integrate(pose: ArrayLike<number>, points: Float32Array, count: number, hits?: Uint8Array): void {
    const c = Math.cos(pose[2]!);
    const s = Math.sin(pose[2]!);
    const x0 = this.#cell(pose[0]!, this.originX);
    const y0 = this.#cell(pose[1]!, this.originY);
    for (let k = 0; k < count; k++) {
      const px = points[2 * k]!;
      const py = points[2 * k + 1]!;
      const x1 = this.#cell(pose[0]! + c * px - s * py, this.originX);
      const y1 = this.#cell(pose[1]! + s * px + c * py, this.originY);
      this.#trace(x0, y0, x1, y1, !hits || hits[k] !== 0);
    }
  }

  /** `nav_msgs/OccupancyGrid` data: row-major from the origin, −1 where nothing was observed. */
  toOccupancy(): Int8Array {
    const data = new Int8Array(this.logOdds.length);
    for (let i = 0; i < data.length; i++) {
      const l = this.logOdds[i]!;
      data[i] = l === 0 ? -1 : Math.round(100 / (1 + Math.exp(-l)));
    }
    return data;
  }

  #cell(v: number, origin: number): number {
    return Math.floor((v - origin) / this.resolution);
  }

  #update(x: number, y: number, delta: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = y * this.width + x;
    this.logOdds[i] = Math.max(-LOG_ODDS_LIMIT, Math.min(LOG_ODDS_LIMIT, this.logOdds[i]! + delta));
  }

  /** Bresenham's line from (x0, y0) to (x1, y1): free cells, then the end cell a hit if `hit`. */
  #trace(x0: number, y0: number, x1: number, y1: number, hit: boolean): void {
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let error = dx + dy;
    let x = x0;
    let y = y0;
    while (x !== x1 || y !== y1) {
      this.#update(x, y, LOG_ODDS_MISS);
      const e2 = 2 * error;
      if (e2 >= dy) {
        error += dy;
        x += sx;
      }
      if (e2 <= dx) {
        error += dx;
        y += sy;
      }
    }
    this.#update(x1, y1, hit ? LOG_ODDS_HIT : LOG_ODDS_MISS);
  }
}
