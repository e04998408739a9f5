/**
 * Where a detected object is in 3D. With depth (sensor or estimated): the box's pixels whose depth
 * lies near the median depth of the box's centre are back-projected and moved into the map frame;
 * the object spans their 5th-95th percentiles per map axis (its extent, its height). Across the
 * floor, the points at the bottom of that height are dropped as the support showing in the box's
 * corners; the centroid is the middle of what is left, moved away from the camera for the side it
 * cannot see. Without depth (the ceiling's RGB cameras): the ray through the box centre meets a
 * horizontal plane at a known height.
 */
import { insideRectangle, type Rectangle } from '../geometry/rectangle.ts';
import * as se3 from '../geometry/se3.ts';
import type { Pinhole } from './pinhole.ts';

export interface PixelBox {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface ObjectEstimate {
  /** Map frame, metres. */
  readonly centroid: Float64Array;
  readonly extent: Float64Array;
  /** Diagonal of the centroid's covariance (x, y, z), m². */
  readonly variance: Float64Array;
}

const INNER_FRACTION = 0.25;
const LOW_QUANTILE = 0.05;
/** Depth band kept around the median: this fraction of the object's apparent size, at least MIN. */
const BAND_OF_SIZE = 0.75;
const MIN_BAND_M = 0.03;
const SENSOR_SIGMA_M = 0.01;
/** Below this height span the points are all item (thin cloth) or all support; none is cut. */
const MIN_HEIGHT_M = 0.02;
const SUPPORT_BAND_M = 0.01;
/**
 * Share of the height span the centroid moves away from the camera. Chosen on the validation
 * frames (heldout seeds 5,000,001…, GT boxes, sensor depth): median centroid error 2.1 cm (box
 * centre) → 1.4 cm.
 */
const HIDDEN_SIDE_SHARE = 0.25;

export class DepthLocalizer {
  #depths = new Float32Array(0);
  #xs = new Float64Array(0);
  #ys = new Float64Array(0);
  #zs = new Float64Array(0);
  #heights = new Float64Array(0);
  readonly #optical = new Float64Array(3);
  readonly #map = new Float64Array(3);

  /** null when the box holds too few pixels with depth to place the object. */
  localize(
    box: PixelBox,
    depth: Float32Array,
    width: number,
    height: number,
    camera: Pinhole,
    map_T_optical: ArrayLike<number>,
  ): ObjectEstimate | null {
    if (depth.length < width * height)
      throw new Error(`depth has ${depth.length} pixels, expected ${width}×${height}`);
    const x0 = Math.max(0, Math.floor(box.x1));
    const y0 = Math.max(0, Math.floor(box.y1));
    const x1 = Math.min(width - 1, Math.ceil(box.x2) - 1);
    const y1 = Math.min(height - 1, Math.ceil(box.y2) - 1);
    if (x1 < x0 || y1 < y0) return null;
    this.#reserve((x1 - x0 + 1) * (y1 - y0 + 1));
    const insetX = Math.floor((x1 - x0) * INNER_FRACTION);
    const insetY = Math.floor((y1 - y0) * INNER_FRACTION);
    let n = 0;
    for (let y = y0 + insetY; y <= y1 - insetY; y++)
      for (let x = x0 + insetX; x <= x1 - insetX; x++) {
        const z = depth[y * width + x]!;
        if (z > 0) this.#depths[n++] = z;
      }
    if (n === 0) return null;
    const inner = this.#depths.subarray(0, n).sort();
    const median = inner[n >> 1]!;
    const apparentSize = Math.max((x1 - x0 + 1) / camera.fx, (y1 - y0 + 1) / camera.fy) * median;
    const band = Math.max(MIN_BAND_M, BAND_OF_SIZE * apparentSize);
    let count = 0;
    for (let y = y0; y <= y1; y++)
      for (let x = x0; x <= x1; x++) {
        const z = depth[y * width + x]!;
        if (!(z > 0) || Math.abs(z - median) > band) continue;
        this.#optical[0] = ((x - camera.cx) * z) / camera.fx;
        this.#optical[1] = ((y - camera.cy) * z) / camera.fy;
        this.#optical[2] = z;
        se3.act(this.#map, map_T_optical, this.#optical);
        this.#xs[count] = this.#map[0]!;
        this.#ys[count] = this.#map[1]!;
        this.#zs[count] = this.#map[2]!;
        count++;
      }
    if (count < 3) return null;
    const centroid = new Float64Array(3);
    const extent = new Float64Array(3);
    const variance = new Float64Array(3);
    const span = (values: Float64Array, n: number, axis: number) => {
      const sorted = values.subarray(0, n).sort();
      const low = sorted[Math.floor(LOW_QUANTILE * (n - 1))]!;
      const high = sorted[Math.ceil((1 - LOW_QUANTILE) * (n - 1))]!;
      centroid[axis] = (low + high) / 2;
      extent[axis] = high - low;
      variance[axis] = (extent[axis] * extent[axis]) / 12 + SENSOR_SIGMA_M * SENSOR_SIGMA_M;
      return low;
    };
    this.#heights.set(this.#zs.subarray(0, count));
    const floor = span(this.#heights, count, 2);
    // Points at the bottom of the span are the support around the item, once it has some height.
    const cut = extent[2]! > MIN_HEIGHT_M ? floor + Math.min(SUPPORT_BAND_M, 0.3 * extent[2]!) : -Infinity;
    let above = 0;
    for (let k = 0; k < count; k++) if (this.#zs[k]! > cut) above++;
    let kept = count;
    if (above >= 3) {
      kept = 0;
      for (let k = 0; k < count; k++) {
        if (this.#zs[k]! <= cut) continue;
        this.#xs[kept] = this.#xs[k]!;
        this.#ys[kept] = this.#ys[k]!;
        kept++;
      }
    }
    span(this.#xs, kept, 0);
    span(this.#ys, kept, 1);
    // The far side is hidden: move away from the camera by a share of the height, as much as the
    // view is horizontal (looking straight down hides nothing).
    const dx = centroid[0]! - map_T_optical[0]!;
    const dy = centroid[1]! - map_T_optical[1]!;
    const range = Math.hypot(dx, dy, centroid[2]! - map_T_optical[2]!) || 1;
    centroid[0]! += (HIDDEN_SIDE_SHARE * extent[2]! * dx) / range;
    centroid[1]! += (HIDDEN_SIDE_SHARE * extent[2]! * dy) / range;
    return { centroid, extent, variance };
  }

  #reserve(n: number): void {
    if (this.#depths.length >= n) return;
    this.#depths = new Float32Array(n);
    this.#xs = new Float64Array(n);
    this.#ys = new Float64Array(n);
    this.#zs = new Float64Array(n);
    this.#heights = new Float64Array(n);
  }
}

/** A furniture top items rest on (map frame, m): its footprint, at `topZ`. */
export interface SupportTop extends Rectangle {
  readonly topZ: number;
}

/**
 * The ray through the box centre meets the first of the furniture `tops` it reaches from above,
 * or else the floor, with the item's centre `planeZ` above either (map frame); null when it
 * points away from the floor. Without the tops a bag on a TV stand, seen from a ceiling camera,
 * was placed on the floor beyond the stand, under it. The centroid's spread grows with range: one
 * pixel of box error there, plus the box's own footprint.
 */
export function localizeOnPlane(
  box: PixelBox,
  camera: Pinhole,
  map_T_optical: ArrayLike<number>,
  planeZ: number,
  tops: readonly SupportTop[] = [],
): ObjectEstimate | null {
  const u = (box.x1 + box.x2) / 2;
  const v = (box.y1 + box.y2) / 2;
  const origin = se3.act(new Float64Array(3), map_T_optical, [0, 0, 0]);
  const through = se3.act(new Float64Array(3), map_T_optical, [
    (u - camera.cx) / camera.fx,
    (v - camera.cy) / camera.fy,
    1,
  ]);
  const dx = through[0]! - origin[0]!;
  const dy = through[1]! - origin[1]!;
  const dz = through[2]! - origin[2]!;
  let t = (planeZ - origin[2]!) / dz;
  if (!(t > 0) || !Number.isFinite(t)) return null;
  for (const top of tops) {
    const z = top.topZ + planeZ;
    if (z >= origin[2]!) continue;
    const at = (z - origin[2]!) / dz;
    if (!(at > 0 && at < t)) continue;
    if (insideRectangle(origin[0]! + at * dx, origin[1]! + at * dy, top)) t = at;
  }
  const centroid = Float64Array.from([0, 1, 2], (a) => origin[a]! + t * (through[a]! - origin[a]!));
  const range = Math.hypot(...[0, 1, 2].map((a) => centroid[a]! - origin[a]!));
  const footprint = Math.max((box.x2 - box.x1) / camera.fx, (box.y2 - box.y1) / camera.fy) * range;
  const sigma = range / camera.fx + footprint / 2;
  const extent = Float64Array.of(footprint, footprint, 2 * Math.abs(planeZ));
  return {
    centroid,
    extent,
    variance: Float64Array.of(sigma * sigma, sigma * sigma, planeZ * planeZ + 1e-4),
  };
}
