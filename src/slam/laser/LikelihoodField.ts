/**
 * A likelihood field for scan matching (Thrun, Burgard & Fox, Probabilistic Robotics §6.4): a grid
 * whose cells hold exp(−d²/2σ²), d the distance to the nearest map point. Distances come from a
 * two-pass chamfer transform, so building the field is linear in the number of cells.
 */
export interface GridFrame {
  /** Map coordinates of cell (0, 0)'s corner. */
  readonly originX: number;
  readonly originY: number;
  readonly resolution: number;
  readonly width: number;
  readonly height: number;
}

const CHAMFER_STRAIGHT = 1;
const CHAMFER_DIAGONAL = Math.SQRT2;

export class LikelihoodField implements GridFrame {
  readonly values: Float32Array;

  constructor(
    readonly originX: number,
    readonly originY: number,
    readonly resolution: number,
    readonly width: number,
    readonly height: number,
    values?: Float32Array,
  ) {
    this.values = values ?? new Float32Array(width * height);
  }

  /**
   * The field of `points` (x, y pairs in the map frame) over the square of side `sizeM` centred at
   * (centerX, centerY); σ is the expected point error.
   */
  static fromPoints(
    points: Float32Array,
    count: number,
    centerX: number,
    centerY: number,
    sizeM: number,
    resolution: number,
    sigmaM: number,
  ): LikelihoodField {
    const side = Math.ceil(sizeM / resolution);
    const field = new LikelihoodField(
      centerX - (side * resolution) / 2,
      centerY - (side * resolution) / 2,
      resolution,
      side,
      side,
    );
    const distance = field.values;
    distance.fill(Infinity);
    for (let k = 0; k < count; k++) {
      const cx = Math.floor((points[2 * k]! - field.originX) / resolution);
      const cy = Math.floor((points[2 * k + 1]! - field.originY) / resolution);
      if (cx >= 0 && cy >= 0 && cx < side && cy < side) distance[cy * side + cx] = 0;
    }
    chamfer(distance, side, side);
    const scale = (resolution * resolution) / (2 * sigmaM * sigmaM);
    for (let i = 0; i < distance.length; i++) distance[i] = Math.exp(-distance[i]! * distance[i]! * scale);
    return field;
  }

  /** Bilinear value at map point (x, y), with its gradient in `gradient` (per metre); 0 outside. */
  sample(x: number, y: number, gradient?: Float64Array): number {
    const gx = (x - this.originX) / this.resolution - 0.5;
    const gy = (y - this.originY) / this.resolution - 0.5;
    const ix = Math.floor(gx);
    const iy = Math.floor(gy);
    if (ix < 0 || iy < 0 || ix >= this.width - 1 || iy >= this.height - 1) {
      if (gradient) gradient.fill(0);
      return 0;
    }
    const fx = gx - ix;
    const fy = gy - iy;
    const i = iy * this.width + ix;
    const v00 = this.values[i]!;
    const v10 = this.values[i + 1]!;
    const v01 = this.values[i + this.width]!;
    const v11 = this.values[i + this.width + 1]!;
    if (gradient) {
      gradient[0] = ((1 - fy) * (v10 - v00) + fy * (v11 - v01)) / this.resolution;
      gradient[1] = ((1 - fx) * (v01 - v00) + fx * (v11 - v10)) / this.resolution;
    }
    return (1 - fy) * ((1 - fx) * v00 + fx * v10) + fy * ((1 - fx) * v01 + fx * v11);
  }
}

/** In-place two-pass chamfer distance transform (in cells) of a grid with 0 at points, ∞ elsewhere. */
function chamfer(d: Float32Array, width: number, height: number): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let v = d[i]!;
      if (x > 0) v = Math.min(v, d[i - 1]! + CHAMFER_STRAIGHT);
      if (y > 0) {
        v = Math.min(v, d[i - width]! + CHAMFER_STRAIGHT);
        if (x > 0) v = Math.min(v, d[i - width - 1]! + CHAMFER_DIAGONAL);
        if (x < width - 1) v = Math.min(v, d[i - width + 1]! + CHAMFER_DIAGONAL);
      }
      d[i] = v;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      let v = d[i]!;
      if (x < width - 1) v = Math.min(v, d[i + 1]! + CHAMFER_STRAIGHT);
      if (y < height - 1) {
        v = Math.min(v, d[i + width]! + CHAMFER_STRAIGHT);
        if (x < width - 1) v = Math.min(v, d[i + width + 1]! + CHAMFER_DIAGONAL);
        if (x > 0) v = Math.min(v, d[i + width - 1]! + CHAMFER_DIAGONAL);
      }
      d[i] = v;
    }
  }
}
