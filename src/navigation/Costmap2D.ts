/**
 * A 2D costmap after Nav2's `Costmap2D`: one byte per cell, row-major from the origin cell
 * (x right, y up, as nav_msgs/OccupancyGrid), on Nav2's cost scale: 0 free, 1-252 the inflation's
 * decaying cost, 253 inscribed (the footprint's centre here collides), 254 lethal (an obstacle),
 * 255 unknown. `originX/Y` (m, in the costmap's frame) is the outer corner of cell (0, 0).
 */
export const FREE_SPACE = 0;
export const INSCRIBED_INFLATED_OBSTACLE = 253;
export const LETHAL_OBSTACLE = 254;
export const NO_INFORMATION = 255;

/** In cells: origins that moved by whole cells give the same cell to the same point. */
const BORDER_EPSILON = 1e-6;

export class Costmap2D {
  costs: Uint8Array;
  width = 0;
  height = 0;
  originX = 0;
  originY = 0;

  constructor(
    readonly resolutionM: number,
    width = 0,
    height = 0,
    originX = 0,
    originY = 0,
    fill = FREE_SPACE,
  ) {
    if (!(resolutionM > 0)) throw new Error(`costmap resolution must be positive, got ${resolutionM}`);
    this.costs = new Uint8Array(0);
    this.resize(width, height, originX, originY, fill);
  }

  /** Reallocates (only when it grows) and fills every cell. */
  resize(width: number, height: number, originX: number, originY: number, fill = FREE_SPACE): void {
    if (width * height > this.costs.length) this.costs = new Uint8Array(width * height);
    else this.costs = this.costs.subarray(0, width * height);
    this.costs.fill(fill);
    this.width = width;
    this.height = height;
    this.originX = originX;
    this.originY = originY;
  }

  /** The cell column of x (may lie outside the map); a point on a cell border, to rounding, goes to the upper cell. */
  column(x: number): number {
    return Math.floor((x - this.originX) / this.resolutionM + BORDER_EPSILON);
  }

  row(y: number): number {
    return Math.floor((y - this.originY) / this.resolutionM + BORDER_EPSILON);
  }

  /** Cell index of (x, y), or -1 outside the map. */
  index(x: number, y: number): number {
    const c = this.column(x);
    const r = this.row(y);
    return c < 0 || r < 0 || c >= this.width || r >= this.height ? -1 : r * this.width + c;
  }

  /** Centre of a cell, metres. */
  cellX(column: number): number {
    return this.originX + (column + 0.5) * this.resolutionM;
  }

  cellY(row: number): number {
    return this.originY + (row + 0.5) * this.resolutionM;
  }

  /** Cost at (x, y); NO_INFORMATION outside the map. */
  costAt(x: number, y: number): number {
    const k = this.index(x, y);
    return k < 0 ? NO_INFORMATION : this.costs[k]!;
  }

  copyFrom(other: Costmap2D): void {
    this.resize(other.width, other.height, other.originX, other.originY);
    this.costs.set(other.costs);
  }
}
