/**
 * Laser returns remembered for the laser's blind sector: the scan sees 270° around the base, and
 * what the base turns away from drops out of it while it may still be close. Returns near the
 * base are kept in the odometry frame until the laser looks that way again or the base has left
 * them behind (a base standing still keeps what is behind it; `memoryS` bounds how old they get);
 * those that now lie outside its field of view are given back in the base frame, for a safety
 * stage to check moves against beside the live scan (a base turning to its goal's heading on the
 * last half metre backed onto a counter's corner the turn had swung behind it). Where the laser
 * looks now only the live scan counts, so a person who has walked off is forgotten there at once.
 * One return per `cellM` cell of a grid that wraps round (cells a grid's width apart share a
 * slot; within `nearM` of the base none do), so a surface seen by many scans is kept once and
 * nothing is allocated per return. Poses are [x, y, yaw] of the base in the odometry frame.
 */
import { wrap } from '../geometry/so2.ts';

export interface BlindSpotMemoryOptions {
  /** How long a return is remembered at most (s); 0 remembers none. */
  readonly memoryS: number;
  /** Returns further than this from the base are not kept (m). */
  readonly nearM: number;
  /** One return is kept per cell this wide (m). */
  readonly cellM: number;
}

/** The laser's field of view in the base frame: its origin, its yaw and its beams' angle range. */
export interface LaserView {
  readonly x: number;
  readonly y: number;
  readonly yaw: number;
  readonly angleMin: number;
  readonly angleMax: number;
}

/**
 * Within this of the field of view's edges (rad) a return still counts as unseen: a counter's
 * corner there lies edge-on to the last beams, which pass it.
 */
const VIEW_EDGE_RAD = (15 * Math.PI) / 180;

export const DEFAULT_BLIND_SPOT_MEMORY: BlindSpotMemoryOptions = { memoryS: 60, nearM: 0.6, cellM: 0.02 };

export class BlindSpotMemory {
  /** Cells along each side of the grid: a power of two wider than 2·nearM. */
  readonly #side: number;
  readonly #x: Float64Array;
  readonly #y: Float64Array;
  /** When each slot's return was seen (s); -Infinity for none. */
  readonly #t: Float64Array;

  constructor(readonly options: BlindSpotMemoryOptions = DEFAULT_BLIND_SPOT_MEMORY) {
    if (!(options.memoryS >= 0) || !(options.nearM > 0) || !(options.cellM > 0))
      throw new Error('blind spot memory: memoryS must be ≥ 0, nearM and cellM positive');
    this.#side = 2 ** Math.ceil(Math.log2((2 * options.nearM) / options.cellM + 2));
    this.#x = new Float64Array(this.#side * this.#side);
    this.#y = new Float64Array(this.#side * this.#side);
    this.#t = new Float64Array(this.#side * this.#side).fill(-Infinity);
  }

  /** The most returns `appendBlind` can give back. */
  get capacity(): number {
    return this.#t.length;
  }

  /** Keeps a scan's returns near the base: `points` x, y pairs in the base frame at `pose`. */
  add(points: Float64Array, count: number, pose: ArrayLike<number>, timeS: number): void {
    if (this.options.memoryS === 0) return;
    const c = Math.cos(pose[2]!);
    const s = Math.sin(pose[2]!);
    const { nearM, cellM } = this.options;
    const mask = this.#side - 1;
    for (let k = 0; k < count; k++) {
      const bx = points[2 * k]!;
      const by = points[2 * k + 1]!;
      if (bx * bx + by * by > nearM * nearM) continue;
      const x = pose[0]! + c * bx - s * by;
      const y = pose[1]! + s * bx + c * by;
      const slot = (Math.floor(x / cellM) & mask) + this.#side * (Math.floor(y / cellM) & mask);
      this.#x[slot] = x;
      this.#y[slot] = y;
      this.#t[slot] = timeS;
    }
  }

  /**
   * Writes the remembered returns that lie in the laser's blind sector (or within VIEW_EDGE_RAD of
   * its view's edges) as the base stands at `pose` now into `out`, as base-frame x, y pairs from
   * pair `offset` on (as far as `out` has room); returns the pair count after them. Returns well
   * in view again, beyond nearM or older than memoryS are forgotten.
   */
  appendBlind(
    out: Float64Array,
    offset: number,
    pose: ArrayLike<number>,
    nowS: number,
    view: LaserView,
  ): number {
    const c = Math.cos(pose[2]!);
    const s = Math.sin(pose[2]!);
    const { nearM, memoryS } = this.options;
    const room = out.length >> 1;
    let count = offset;
    for (let k = 0; k < this.#t.length; k++) {
      if (this.#t[k] === -Infinity) continue;
      const dx = this.#x[k]! - pose[0]!;
      const dy = this.#y[k]! - pose[1]!;
      const bx = c * dx + s * dy;
      const by = -s * dx + c * dy;
      const bearing = wrap(Math.atan2(by - view.y, bx - view.x) - view.yaw);
      if (
        nowS - this.#t[k]! > memoryS ||
        bx * bx + by * by > nearM * nearM ||
        Math.min(bearing - view.angleMin, view.angleMax - bearing) > VIEW_EDGE_RAD
      ) {
        this.#t[k] = -Infinity;
        continue;
      }
      if (count >= room) continue;
      out[2 * count] = bx;
      out[2 * count + 1] = by;
      count++;
    }
    return count;
  }
}
