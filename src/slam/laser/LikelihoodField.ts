/**
 * A likelihood field for scan matching (Thrun, Burgard & Fox, Probabilistic Robotics §6.4): a grid
 * whose cells hold exp(−d²/2σ²), d the distance from the cell centre to the nearest map point. The
 * nearest points come from a two-pass propagation (Danielsson's vector distance transform), so
 * building the field is linear in the number of cells.
 */
export interface GridFrame {
  /** Map coordinates of cell (0, 0)'s corner. */
  readonly originX: number;
  readonly originY: number;
  readonly resolution: number;
  readonly width: number;
  readonly height: number;
}

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
    // Each cell learns its nearest point (exact coordinates, not the point's cell) from its
    // neighbours in two raster passes, so the field peaks at the points to well under a cell.
    const cells = side * side;
    const nearestX = new Float32Array(cells).fill(NaN);
    const nearestY = new Float32Array(cells).fill(NaN);
    for (let k = 0; k < count; k++) {
      const x = points[2 * k]!;
      const y = points[2 * k + 1]!;
      const cx = Math.floor((x - field.originX) / resolution);
      const cy = Math.floor((y - field.originY) / resolution);
      if (cx < 0 || cy < 0 || cx >= side || cy >= side) continue;
      const i = cy * side + cx;
      const centerX = field.originX + (cx + 0.5) * resolution;
      const centerY = field.originY + (cy + 0.5) * resolution;
      const old = nearestX[i]!;
      if (
        Number.isNaN(old) ||
        Math.hypot(x - centerX, y - centerY) < Math.hypot(old - centerX, nearestY[i]! - centerY)
      ) {
        nearestX[i] = x;
        nearestY[i] = y;
      }
    }
    propagateNearest(nearestX, nearestY, field);
    const scale = 1 / (2 * sigmaM * sigmaM);
    for (let cy = 0; cy < side; cy++) {
      const centerY = field.originY + (cy + 0.5) * resolution;
      for (let cx = 0; cx < side; cx++) {
        const i = cy * side + cx;
        const dx = nearestX[i]! - (field.originX + (cx + 0.5) * resolution);
        const dy = nearestY[i]! - centerY;
        field.values[i] = Number.isNaN(dx) ? 0 : Math.exp(-(dx * dx + dy * dy) * scale);
      }
    }
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

/** Two raster passes (forward, then backward) in which each cell takes a neighbour's nearest point if it is closer. */
function propagateNearest(nearestX: Float32Array, nearestY: Float32Array, frame: GridFrame): void {
  const { width, height, originX, originY, resolution } = frame;
  const consider = (i: number, j: number, centerX: number, centerY: number) => {
    const x = nearestX[j]!;
    if (Number.isNaN(x)) return;
    const y = nearestY[j]!;
    const current = nearestX[i]!;
    if (
      Number.isNaN(current) ||
      (x - centerX) ** 2 + (y - centerY) ** 2 < (current - centerX) ** 2 + (nearestY[i]! - centerY) ** 2
    ) {
      nearestX[i] = x;
      nearestY[i] = y;
    }
  };
  for (let cy = 0; cy < height; cy++) {
    const centerY = originY + (cy + 0.5) * resolution;
    for (let cx = 0; cx < width; cx++) {
      const i = cy * width + cx;
      const centerX = originX + (cx + 0.5) * resolution;
      if (cx > 0) consider(i, i - 1, centerX, centerY);
      if (cy > 0) {
        consider(i, i - width, centerX, centerY);
        if (cx > 0) consider(i, i - width - 1, centerX, centerY);
        if (cx < width - 1) consider(i, i - width + 1, centerX, centerY);
      }
    }
    for (let cx = width - 2; cx >= 0; cx--)
      consider(cy * width + cx, cy * width + cx + 1, originX + (cx + 0.5) * resolution, centerY);
  }
  for (let cy = height - 1; cy >= 0; cy--) {
    const centerY = originY + (cy + 0.5) * resolution;
    for (let cx = width - 1; cx >= 0; cx--) {
      const i = cy * width + cx;
      const centerX = originX + (cx + 0.5) * resolution;
      if (cx < width - 1) consider(i, i + 1, centerX, centerY);
      if (cy < height - 1) {
        consider(i, i + width, centerX, centerY);
        if (cx < width - 1) consider(i, i + width + 1, centerX, centerY);
        if (cx > 0) consider(i, i + width - 1, centerX, centerY);
      }
    }
    for (let cx = 1; cx < width; cx++)
      consider(cy * width + cx, cy * width + cx - 1, originX + (cx + 0.5) * resolution, centerY);
  }
}
