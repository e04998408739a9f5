/**
 * Metric scale for monocular depth from the floor. One image fixes depth only up to the network's
 * guess of the room's size, and that guess is where most of its error lies; a camera whose pose
 * above the floor is known (tf) knows the floor's true depth along every downward ray. The
 * pixels whose estimate is near that floor depth are mostly floor, and the median ratio over them
 * rescales the whole image. Then nothing may lie below the floor: depth past the floor along a
 * downward ray is cut back to it.
 */
import { toMatrix } from '../geometry/so3.ts';
import type { Pinhole } from './pinhole.ts';

/** Pixels count as floor while their estimate is within this factor of the floor's depth. */
const FLOOR_BAND = Math.log(1.25);
/** The band is re-centred on the median this often, so a network off by more than 25 % converges. */
const ITERATIONS = 4;
/** Below this share of pixels on the floor (a camera facing a wall) the depth stays as estimated. */
const MIN_FLOOR_FRACTION = 0.01;
const HISTOGRAM_BINS = 512;

export interface FloorAlignment {
  /** Factor applied to the estimate. */
  readonly scale: number;
  /** Share of the image's pixels taken as floor for it. */
  readonly floorFraction: number;
}

export class FloorDepthAligner {
  #floorDepth = new Float32Array(0);
  #logRatio = new Float32Array(0);
  readonly #histogram = new Float64Array(HISTOGRAM_BINS);
  readonly #rotation = new Float64Array(9);

  /**
   * Rescales `depth` (metres, row-major `width` × `height`, 0 or NaN where unknown) in place.
   * `map_T_optical` is the camera's optical frame in a frame whose z is up: [x, y, z, qx, qy,
   * qz, qw]; the floor is the plane z = `floorHeight`. Returns undefined, leaving `depth` as it
   * was, when too little of the image is floor to tell the scale.
   */
  align(
    depth: Float32Array,
    width: number,
    height: number,
    camera: Pinhole,
    map_T_optical: ArrayLike<number>,
    floorHeight = 0,
  ): FloorAlignment | undefined {
    const n = width * height;
    if (depth.length !== n)
      throw new Error(`depth has ${depth.length} values, expected ${width}×${height} = ${n}`);
    const cameraHeight = map_T_optical[2]! - floorHeight;
    if (!(cameraHeight > 0))
      throw new Error(`the camera is ${cameraHeight} m above the floor: floor alignment needs it above`);
    const floorDepth = this.#floorDepths(width, height, camera, map_T_optical, cameraHeight);
    if (this.#logRatio.length !== n) this.#logRatio = new Float32Array(n);
    const logRatio = this.#logRatio;
    for (let p = 0; p < n; p++) logRatio[p] = Math.log(floorDepth[p]! / depth[p]!);

    let logScale = 0;
    let floorPixels = 0;
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const median = this.#medianInBand(logRatio, logScale);
      floorPixels = median.count;
      if (floorPixels < MIN_FLOOR_FRACTION * n) return undefined;
      logScale = median.value;
    }
    const scale = Math.exp(logScale);
    for (let p = 0; p < n; p++) {
      const scaled = depth[p]! * scale;
      depth[p] = scaled > floorDepth[p]! ? floorDepth[p]! : scaled;
    }
    return { scale, floorFraction: floorPixels / n };
  }

  /** Depth (along the optical axis) at which each pixel's ray meets the floor; Infinity if never. */
  #floorDepths(
    width: number,
    height: number,
    camera: Pinhole,
    map_T_optical: ArrayLike<number>,
    cameraHeight: number,
  ): Float32Array {
    if (this.#floorDepth.length !== width * height) this.#floorDepth = new Float32Array(width * height);
    const floorDepth = this.#floorDepth;
    const r = toMatrix(this.#rotation, [
      map_T_optical[3]!,
      map_T_optical[4]!,
      map_T_optical[5]!,
      map_T_optical[6]!,
    ]);
    for (let v = 0; v < height; v++) {
      // The map z of the ray (u, v, 1) in optical coordinates, per column a step of r[6] / fx.
      const rowZ = r[7]! * ((v - camera.cy) / camera.fy) + r[8]!;
      for (let u = 0; u < width; u++) {
        const rayZ = rowZ + r[6]! * ((u - camera.cx) / camera.fx);
        floorDepth[v * width + u] = rayZ < 0 ? cameraHeight / -rayZ : Infinity;
      }
    }
    return floorDepth;
  }

  /**
   * Median of log(floor / estimate) over the pixels within the band around `centre` (pixels
   * without an estimate or never reaching the floor are NaN or ±Infinity, outside every band).
   */
  #medianInBand(logRatio: Float32Array, centre: number): { value: number; count: number } {
    const histogram = this.#histogram;
    histogram.fill(0);
    const low = centre - FLOOR_BAND;
    const binsPerUnit = HISTOGRAM_BINS / (2 * FLOOR_BAND);
    let count = 0;
    for (let p = 0; p < logRatio.length; p++) {
      const bin = Math.floor((logRatio[p]! - low) * binsPerUnit);
      if (!(bin >= 0 && bin < HISTOGRAM_BINS)) continue;
      histogram[bin] = histogram[bin]! + 1;
      count++;
    }
    let seen = 0;
    for (let bin = 0; bin < HISTOGRAM_BINS; bin++) {
      seen += histogram[bin]!;
      if (seen >= count / 2) return { value: low + (bin + 0.5) / binsPerUnit, count };
    }
    return { value: centre, count };
  }
}
