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
/** The scale is a median: this many pixels on a regular grid tell it as well as all of a 640×480 image. */
const SCALE_SAMPLES = 20_000;
const HISTOGRAM_BINS = 512;

export interface FloorAlignment {
  /** Factor applied to the estimate. */
  readonly scale: number;
  /** Share of the sampled pixels taken as floor for it. */
  readonly floorFraction: number;
}

export class FloorDepthAligner {
  /** log(floor depth / estimate) on the sampling grid; NaN or ±Infinity where either is missing. */
  #logRatio = new Float32Array(0);
  readonly #histogram = new Float64Array(HISTOGRAM_BINS);
  readonly #rotation = new Float64Array(9);

  /**
   * Rescales `depth` (metres, row-major `width` × `height`, 0 or NaN where unknown) in place.
   * `map_T_optical` is the camera's optical frame in a frame `map` whose z is up: [x, y, z, qx,
   * qy, qz, qw]; the floor is the plane z = `floorHeight`. Returns undefined, leaving `depth` as
   * it was, when too little of the image is floor to tell the scale.
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
    const r = toMatrix(this.#rotation, [
      map_T_optical[3]!,
      map_T_optical[4]!,
      map_T_optical[5]!,
      map_T_optical[6]!,
    ]);
    // The map z of pixel (u, v)'s ray (optical (u − cx)/fx, (v − cy)/fy, 1) is rowZ(v) + du · u;
    // the ray meets the floor at depth cameraHeight / −z where z < 0.
    const du = r[6]! / camera.fx;
    const rowZ = (v: number) => r[7]! * ((v - camera.cy) / camera.fy) + r[8]! - du * camera.cx;

    const stride = Math.max(1, Math.round(Math.sqrt(n / SCALE_SAMPLES)));
    const columns = Math.ceil(width / stride);
    const samples = columns * Math.ceil(height / stride);
    if (this.#logRatio.length !== samples) this.#logRatio = new Float32Array(samples);
    const logRatio = this.#logRatio;
    let i = 0;
    for (let v = 0; v < height; v += stride) {
      const z0 = rowZ(v);
      for (let u = 0; u < width; u += stride) {
        const z = z0 + du * u;
        logRatio[i++] = z < 0 ? Math.log(cameraHeight / -z / depth[v * width + u]!) : Infinity;
      }
    }

    let logScale = 0;
    let floorSamples = 0;
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      const median = this.#medianInBand(logRatio, logScale);
      floorSamples = median.count;
      if (floorSamples < MIN_FLOOR_FRACTION * samples) return undefined;
      logScale = median.value;
    }
    const scale = Math.exp(logScale);
    for (let v = 0; v < height; v++) {
      const z0 = rowZ(v);
      for (let u = 0; u < width; u++) {
        const p = v * width + u;
        const z = z0 + du * u;
        const scaled = depth[p]! * scale;
        depth[p] = z < 0 && scaled * -z > cameraHeight ? cameraHeight / -z : scaled;
      }
    }
    return { scale, floorFraction: floorSamples / samples };
  }

  /** Median of the log ratios within the band around `centre`, and how many there were. */
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
