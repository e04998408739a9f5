/**
 * Whether a camera frame should have shown a mapped object: the object's centroid, in front of
 * the camera, projects with the whole of its apparent size (its largest extent at its depth) inside
 * the image, large enough for a detector to find; and, where the frame has depth, nothing stands in
 * front of it: the depth image's median in a small window around the projected centroid is not
 * nearer than the object's near side by more than OCCLUSION_MARGIN_M. Where that window holds no
 * depth the view is unknown, and counts as not seen. Depth images hold z in the optical frame
 * (REP 118), compared with the centroid's z there.
 */
import * as se3 from '../geometry/se3.ts';
import type { Pinhole } from './pinhole.ts';

export interface CameraFrame {
  readonly camera: Pinhole;
  readonly width: number;
  readonly height: number;
  readonly map_T_optical: ArrayLike<number>;
  /** Row-major metres, 0 or NaN where unknown; absent for cameras without depth. */
  readonly depth?: Float32Array;
}

/** Objects smaller than this in the image (largest extent, pixels) may go unseen when present. */
const MIN_APPARENT_SIZE_PX = 12;
const MIN_DEPTH_M = 0.1;
/** Surfaces this much nearer than the object's near side hide it (depth noise and placement error). */
const OCCLUSION_MARGIN_M = 0.05;
/** Half-width of the depth window around the projected centroid, pixels. */
const WINDOW_RADIUS_PX = 2;

export class CameraView {
  readonly #optical_T_map = new Float64Array(7);
  readonly #point = new Float64Array(3);
  readonly #window = new Float64Array((2 * WINDOW_RADIUS_PX + 1) ** 2);
  #frame: CameraFrame | undefined;

  /** Sets the frame that following `shows` calls check against. */
  look(frame: CameraFrame): this {
    if (frame.depth && frame.depth.length !== frame.width * frame.height)
      throw new Error(
        `depth holds ${frame.depth.length} values but the frame is ${frame.width}×${frame.height}`,
      );
    se3.inverse(this.#optical_T_map, frame.map_T_optical);
    this.#frame = frame;
    return this;
  }

  /** Whether the frame shows an object at `centroid` (map frame, m) of `extent` (m), unhidden. */
  shows(centroid: ArrayLike<number>, extent: ArrayLike<number>): boolean {
    const frame = this.#frame;
    if (!frame) throw new Error('CameraView.shows before look(frame)');
    const p = se3.act(this.#point, this.#optical_T_map, centroid);
    const z = p[2]!;
    if (z < MIN_DEPTH_M) return false;
    const { fx, fy, cx, cy } = frame.camera;
    const size = Math.max(extent[0]!, extent[1]!, extent[2]!);
    const radiusU = (fx * size) / (2 * z);
    const radiusV = (fy * size) / (2 * z);
    if (2 * Math.max(radiusU, radiusV) < MIN_APPARENT_SIZE_PX) return false;
    const u = (fx * p[0]!) / z + cx;
    const v = (fy * p[1]!) / z + cy;
    if (u - radiusU < 0 || v - radiusV < 0 || u + radiusU > frame.width || v + radiusV > frame.height)
      return false;
    if (!frame.depth) return true;
    const nearest = this.#medianDepthAround(frame, Math.floor(u), Math.floor(v));
    return nearest > 0 && nearest >= z - size / 2 - OCCLUSION_MARGIN_M;
  }

  /** Median of the known depths in the window around (u, v); 0 when none is known. */
  #medianDepthAround(frame: CameraFrame, u: number, v: number): number {
    let n = 0;
    for (let row = v - WINDOW_RADIUS_PX; row <= v + WINDOW_RADIUS_PX; row++) {
      if (row < 0 || row >= frame.height) continue;
      for (let column = u - WINDOW_RADIUS_PX; column <= u + WINDOW_RADIUS_PX; column++) {
        if (column < 0 || column >= frame.width) continue;
        const d = frame.depth![row * frame.width + column]!;
        if (d > 0) this.#window[n++] = d;
      }
    }
    if (n === 0) return 0;
    const known = this.#window.subarray(0, n).sort();
    return known[n >> 1]!;
  }
}
