/**
 * One detected box as the item classifier's input: a CROP × CROP grid over the box (grown by
 * MARGIN on each side, nearest pixel) with 7 planes — colour in [0, 1], the pixel's 3D point
 * relative to the box's middle in map-aligned axes (z up, × POINT_SCALE, so 20 cm reads 1) and
 * whether the sensor had depth there. The points carry what the pixels alone cannot: the item's
 * size in metres and how tall it stands on the floor, which is what tells a slipper from a
 * shoe or a sock (sim/world/catalog.ts). models/classifier/train.py builds the same planes.
 */
import * as so3 from '../geometry/so3.ts';
import type { PixelBox } from './localizeObject.ts';
import type { Pinhole } from './pinhole.ts';

export const CROP = 24;
export const CROP_PLANES = 7;
export const CROP_VALUES = CROP_PLANES * CROP * CROP;
const MARGIN = 0.1;
const POINT_SCALE = 5;

/** rgb8 / bgr8 pixels and depth (metres, 0 = none) registered to them, of the same size. */
export interface RgbdFrame {
  readonly width: number;
  readonly height: number;
  /** 3 bytes per pixel, rows `step` bytes apart; red at `redOffset` (0 for rgb8, 2 for bgr8). */
  readonly rgb: Uint8Array;
  readonly step: number;
  readonly redOffset: 0 | 2;
  readonly depthM: Float32Array;
  readonly camera: Pinhole;
  /** map_T_optical rotation [x, y, z, w]. */
  readonly mapFromOptical: ArrayLike<number>;
}

export class ItemCropBuilder {
  readonly #rotation = new Float64Array(9);
  readonly #columns = new Int32Array(CROP);
  readonly #rows = new Int32Array(CROP);
  readonly #points = new Float64Array(3 * CROP * CROP);
  /** Sums of x, y, z and the count of points: the middle half's, and the whole crop's. */
  readonly #middle = new Float64Array(4);
  readonly #whole = new Float64Array(4);

  /** Writes the crop of `box` into `out` at `offset` (CROP_VALUES floats). */
  write(out: Float32Array, offset: number, frame: RgbdFrame, box: PixelBox): void {
    const { width, height, rgb, depthM, camera } = frame;
    const grow = (a: number, b: number) => MARGIN * (b - a);
    const x1 = box.x1 - grow(box.x1, box.x2);
    const x2 = box.x2 + grow(box.x1, box.x2);
    const y1 = box.y1 - grow(box.y1, box.y2);
    const y2 = box.y2 + grow(box.y1, box.y2);
    for (let i = 0; i < CROP; i++) {
      this.#columns[i] = clamp(Math.floor(x1 + ((i + 0.5) * (x2 - x1)) / CROP), width - 1);
      this.#rows[i] = clamp(Math.floor(y1 + ((i + 0.5) * (y2 - y1)) / CROP), height - 1);
    }
    const r = so3.toMatrix(this.#rotation, frame.mapFromOptical);
    const plane = CROP * CROP;
    const red = frame.redOffset;
    // The middle half of the crop names the item's reference point; failing that, the whole crop.
    const sum = this.#middle.fill(0);
    const sumAll = this.#whole.fill(0);
    for (let row = 0; row < CROP; row++) {
      const v = this.#rows[row]!;
      for (let col = 0; col < CROP; col++) {
        const u = this.#columns[col]!;
        const colour = v * frame.step + 3 * u;
        const k = row * CROP + col;
        out[offset + k] = rgb[colour + red]! / 255;
        out[offset + plane + k] = rgb[colour + 1]! / 255;
        out[offset + 2 * plane + k] = rgb[colour + 2 - red]! / 255;
        const d = depthM[v * width + u]!;
        const valid = d > 0 && Number.isFinite(d);
        out[offset + 6 * plane + k] = valid ? 1 : 0;
        if (!valid) continue;
        const ox = ((u - camera.cx) / camera.fx) * d;
        const oy = ((v - camera.cy) / camera.fy) * d;
        for (let a = 0; a < 3; a++) {
          const m = r[3 * a]! * ox + r[3 * a + 1]! * oy + r[3 * a + 2]! * d;
          this.#points[3 * k + a] = m;
          sumAll[a]! += m;
          if (isMiddle(row) && isMiddle(col)) sum[a]! += m;
        }
        sumAll[3]!++;
        if (isMiddle(row) && isMiddle(col)) sum[3]!++;
      }
    }
    const reference = sum[3]! > 0 ? sum : sumAll;
    const count = reference[3]!;
    for (let k = 0; k < plane; k++) {
      const valid = out[offset + 6 * plane + k] === 1;
      for (let a = 0; a < 3; a++)
        out[offset + (3 + a) * plane + k] = valid
          ? (this.#points[3 * k + a]! - reference[a]! / count) * POINT_SCALE
          : 0;
    }
  }
}

const clamp = (i: number, max: number) => Math.max(0, Math.min(max, i));
const isMiddle = (i: number) => i >= CROP / 4 && i < (3 * CROP) / 4;
