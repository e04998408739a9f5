/**
 * Nav2's obstacle layer for a 2D laser: each scan marks the cells its returns hit (up to
 * `obstacleMaxRangeM`) and clears the cells its rays pass through (Bresenham from the sensor, up to
 * `raytraceMaxRangeM`; a return beyond range clears its whole ray), so a chair moved or a person
 * gone clears. Marks live in the layer's own grid over the master's extent at its last update,
 * world-fixed: when the master costmap moves or grows (a rolling window, a growing SLAM map) the
 * overlap is carried over; returns outside that extent are not kept.
 */
import { Costmap2D, LETHAL_OBSTACLE } from './Costmap2D.ts';

export interface ObstacleLayerOptions {
  readonly obstacleMaxRangeM: number;
  readonly raytraceMaxRangeM: number;
  /**
   * How long a mark lasts unless seen again (s); Infinity keeps it until a ray clears it. A finite
   * life forgets what walked away out of the laser's sight (a person leaves no trail on the goal);
   * the static layer keeps the furniture.
   */
  readonly markLifetimeS: number;
}

export const DEFAULT_OBSTACLE_LAYER: ObstacleLayerOptions = {
  obstacleMaxRangeM: 2.5,
  raytraceMaxRangeM: 3.0,
  markLifetimeS: Infinity,
};

/** A fresh mark; it loses one per 1/254 of the mark lifetime and is gone at 0. */
const MARKED = 255;

export class ObstacleLayer {
  #marks: Costmap2D;
  #spare: Costmap2D;
  #lastDecayS = NaN;

  constructor(
    resolutionM: number,
    readonly options: ObstacleLayerOptions = DEFAULT_OBSTACLE_LAYER,
  ) {
    this.#marks = new Costmap2D(resolutionM);
    this.#spare = new Costmap2D(resolutionM);
  }

  /** Forgets every mark (Nav2's clear-costmap recovery). */
  clear(): void {
    this.#marks.costs.fill(0);
  }

  /**
   * One scan in the costmap's frame: the sensor at (sensorX, sensorY), `count` returns as (x, y)
   * pairs in `points`, each with `hit` 1 for a return and 0 for a beam that saw nothing in range
   * (its point then lies at the raytrace range along the beam).
   */
  observe(sensorX: number, sensorY: number, points: Float64Array, hit: Uint8Array, count: number): void {
    const marks = this.#marks;
    const { obstacleMaxRangeM, raytraceMaxRangeM } = this.options;
    const x0 = marks.column(sensorX);
    const y0 = marks.row(sensorY);
    for (let k = 0; k < count; k++) {
      const px = points[2 * k]!;
      const py = points[2 * k + 1]!;
      const range = Math.hypot(px - sensorX, py - sensorY);
      const scale = range > raytraceMaxRangeM ? raytraceMaxRangeM / range : 1;
      this.#clearRay(
        x0,
        y0,
        marks.column(sensorX + (px - sensorX) * scale),
        marks.row(sensorY + (py - sensorY) * scale),
      );
    }
    for (let k = 0; k < count; k++) {
      if (hit[k] !== 1) continue;
      const px = points[2 * k]!;
      const py = points[2 * k + 1]!;
      if (Math.hypot(px - sensorX, py - sensorY) > obstacleMaxRangeM) continue;
      const cell = marks.index(px, py);
      if (cell >= 0) marks.costs[cell] = MARKED;
    }
  }

  /** Ages the marks to `timeS`, carries them over to `master`'s geometry and writes them in as LETHAL. */
  update(master: Costmap2D, timeS = 0): void {
    this.#align(master);
    const marks = this.#marks.costs;
    const lifetimeS = this.options.markLifetimeS;
    if (Number.isFinite(lifetimeS)) {
      if (Number.isNaN(this.#lastDecayS)) this.#lastDecayS = timeS;
      const steps = Math.floor(((timeS - this.#lastDecayS) * (MARKED - 1)) / lifetimeS);
      if (steps > 0) {
        this.#lastDecayS += (steps * lifetimeS) / (MARKED - 1);
        for (let k = 0; k < marks.length; k++) marks[k] = Math.max(0, marks[k]! - steps);
      }
    }
    const costs = master.costs;
    for (let k = 0; k < costs.length; k++) if (marks[k]! > 0) costs[k] = LETHAL_OBSTACLE;
  }

  #align(master: Costmap2D): void {
    const marks = this.#marks;
    if (
      marks.width === master.width &&
      marks.height === master.height &&
      marks.originX === master.originX &&
      marks.originY === master.originY
    )
      return;
    const next = this.#spare;
    next.resize(master.width, master.height, master.originX, master.originY, 0);
    const dc = Math.round((marks.originX - next.originX) / marks.resolutionM);
    const dr = Math.round((marks.originY - next.originY) / marks.resolutionM);
    for (let r = 0; r < marks.height; r++) {
      const nr = r + dr;
      if (nr < 0 || nr >= next.height) continue;
      for (let c = 0; c < marks.width; c++) {
        const nc = c + dc;
        if (nc >= 0 && nc < next.width) next.costs[nr * next.width + nc] = marks.costs[r * marks.width + c]!;
      }
    }
    this.#spare = marks;
    this.#marks = next;
  }

  /** Clears the cells from (x0, y0) to just before (x1, y1) (Bresenham), inside the grid. */
  #clearRay(x0: number, y0: number, x1: number, y1: number): void {
    const marks = this.#marks;
    const { width, height, costs } = marks;
    const dx = Math.abs(x1 - x0);
    const dy = Math.abs(y1 - y0);
    const sx = x0 < x1 ? 1 : -1;
    const sy = y0 < y1 ? 1 : -1;
    let error = dx - dy;
    let x = x0;
    let y = y0;
    while (x !== x1 || y !== y1) {
      if (x >= 0 && y >= 0 && x < width && y < height) costs[y * width + x] = 0;
      const e2 = 2 * error;
      if (e2 > -dy) {
        error -= dy;
        x += sx;
      }
      if (e2 < dx) {
        error += dx;
        y += sy;
      }
    }
  }
}
