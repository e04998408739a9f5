/**
 * Exact Euclidean distance transform on a grid (Felzenszwalb & Huttenlocher, "Distance
 * Transforms of Sampled Functions", 2012): for every cell, the squared distance in cells to the
 * nearest seed cell, as two passes of the 1D lower envelope of parabolas. O(cells); scratch
 * buffers owned by the instance and grown, never allocated per cell.
 */
const FAR = 1e20;

export class DistanceTransform {
  #f = new Float64Array(0);
  #d = new Float64Array(0);
  #z = new Float64Array(0);
  #v = new Int32Array(0);

  /**
   * Writes into `out` (length width·height) the squared distance (cells²) from each cell to the
   * nearest cell where `isSeed` holds; FAR-ish (1e20) when there is none.
   */
  compute(
    out: Float64Array,
    width: number,
    height: number,
    isSeed: (index: number) => boolean,
  ): Float64Array {
    const n = Math.max(width, height);
    if (this.#f.length < n) {
      this.#f = new Float64Array(n);
      this.#d = new Float64Array(n);
      this.#z = new Float64Array(n + 1);
      this.#v = new Int32Array(n);
    }
    for (let k = 0; k < width * height; k++) out[k] = isSeed(k) ? 0 : FAR;
    for (let c = 0; c < width; c++) {
      for (let r = 0; r < height; r++) this.#f[r] = out[r * width + c]!;
      this.#pass(height);
      for (let r = 0; r < height; r++) out[r * width + c] = this.#d[r]!;
    }
    for (let r = 0; r < height; r++) {
      const row = r * width;
      for (let c = 0; c < width; c++) this.#f[c] = out[row + c]!;
      this.#pass(width);
      for (let c = 0; c < width; c++) out[row + c] = this.#d[c]!;
    }
    return out;
  }

  /** 1D squared distance of the sampled function f[0..n) into d. */
  #pass(n: number): void {
    const f = this.#f;
    const d = this.#d;
    const z = this.#z;
    const v = this.#v;
    let k = 0;
    v[0] = 0;
    z[0] = -Infinity;
    z[1] = Infinity;
    for (let q = 1; q < n; q++) {
      let s: number;
      for (;;) {
        const p = v[k]!;
        s = (f[q]! + q * q - (f[p]! + p * p)) / (2 * q - 2 * p);
        if (s <= z[k]! && k > 0) k--;
        else break;
      }
      if (s <= z[k]!) {
        // k = 0 and the new parabola is lower everywhere.
        v[0] = q;
        z[0] = -Infinity;
        z[1] = Infinity;
        continue;
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = Infinity;
    }
    k = 0;
    for (let q = 0; q < n; q++) {
      while (z[k + 1]! < q) k++;
      const p = v[k]!;
      d[q] = (q - p) * (q - p) + f[p]!;
    }
  }
}
