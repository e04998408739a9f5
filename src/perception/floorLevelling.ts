/**
 * The head camera's tilt and height corrected from the floor it sees. A camera mounted a degree
 * off puts an item on the floor 2–3 cm from where it lies at the range the arm works at: more
 * than the jaws forgive on a pen or a cup. The floor is a plane whose height the robot knows (its
 * own wheels stand on it), so its image tells two of the mount's three rotation errors (the two
 * that tilt the floor) and its height error. The third (about the vertical) leaves the floor
 * unchanged and stays.
 *
 * A least-squares plane through the pixels near the believed floor, refitted on the ones near the
 * plane with a narrowing band, so items and furniture drop out; then the camera is turned about
 * its own centre by the smallest rotation that makes the plane level, and raised or lowered by
 * what remains of the height.
 */
import * as quaternion from '../geometry/quaternion.ts';
import { toMatrix } from '../geometry/so3.ts';
import { solveSymmetric3 } from '../geometry/solveSymmetric3.ts';
import type { Pinhole } from './pinhole.ts';

/** Bands (m) around the believed floor, then around each fitted plane, that count pixels as floor. */
const BANDS_M = [0.12, 0.03, 0.015, 0.01] as const;
/** Depth is sampled on a grid of at most this many pixels. */
const SAMPLES = 20_000;
/** Fewer floor pixels, or a floor spanning less than this (m) either way, tell nothing. */
const MIN_FLOOR_PIXELS = 300;
const MIN_SPAN_M = 0.3;
/** Corrections past these are not a mounting error but something else taken for the floor. */
const MAX_TILT_RAD = (5 * Math.PI) / 180;
const MAX_HEIGHT_ERROR_M = 0.05;

export interface FloorLevelling {
  /** The camera's optical frame in the map, corrected: [x, y, z, qx, qy, qz, qw]. */
  readonly map_T_optical: Float64Array;
  /** The tilt taken out (rad) and the height error taken out after it (m, positive: seen too high). */
  readonly tiltRad: number;
  readonly heightErrorM: number;
  readonly floorPixels: number;
}

/**
 * `depth`: metres, row-major `width` × `height`, 0 or NaN where unknown. `map_T_optical`: where
 * the camera is believed to be in a map frame with z up; the floor is the plane z = `floorZ`.
 * Undefined when the image shows too little floor, or a correction too large to be the mount's.
 */
export function levelOnFloor(
  depth: Float32Array,
  width: number,
  height: number,
  camera: Pinhole,
  map_T_optical: ArrayLike<number>,
  floorZ = 0,
): FloorLevelling | undefined {
  if (depth.length < width * height)
    throw new Error(`depth has ${depth.length} pixels, expected ${width}×${height}`);
  const r = toMatrix(new Float64Array(9), [
    map_T_optical[3]!,
    map_T_optical[4]!,
    map_T_optical[5]!,
    map_T_optical[6]!,
  ]);
  const [tx, ty, tz] = [map_T_optical[0]!, map_T_optical[1]!, map_T_optical[2]!];
  // Sampled pixels relative to the camera centre, in map axes.
  const stride = Math.max(1, Math.ceil(Math.sqrt((width * height) / SAMPLES)));
  const capacity = Math.ceil(width / stride) * Math.ceil(height / stride);
  const px = new Float64Array(capacity);
  const py = new Float64Array(capacity);
  const pz = new Float64Array(capacity);
  let n = 0;
  for (let v = 0; v < height; v += stride)
    for (let u = 0; u < width; u += stride) {
      const z = depth[v * width + u]!;
      if (!(z > 0)) continue;
      const ox = ((u - camera.cx) * z) / camera.fx;
      const oy = ((v - camera.cy) * z) / camera.fy;
      px[n] = r[0]! * ox + r[1]! * oy + r[2]! * z;
      py[n] = r[3]! * ox + r[4]! * oy + r[5]! * z;
      pz[n] = r[6]! * ox + r[7]! * oy + r[8]! * z;
      n++;
    }
  // Plane z = a·x + b·y + c (camera-centred), starting from the believed floor.
  let a = 0;
  let b = 0;
  let c = floorZ - tz;
  let used = 0;
  for (const band of BANDS_M) {
    let s1 = 0,
      sx = 0,
      sy = 0,
      sz = 0,
      sxx = 0,
      sxy = 0,
      syy = 0,
      sxz = 0,
      syz = 0;
    let minX = Infinity,
      maxX = -Infinity,
      minY = Infinity,
      maxY = -Infinity;
    for (let k = 0; k < n; k++) {
      const x = px[k]!;
      const y = py[k]!;
      const z = pz[k]!;
      if (Math.abs(z - (a * x + b * y + c)) > band) continue;
      s1++;
      sx += x;
      sy += y;
      sz += z;
      sxx += x * x;
      sxy += x * y;
      syy += y * y;
      sxz += x * z;
      syz += y * z;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (s1 < MIN_FLOOR_PIXELS || maxX - minX < MIN_SPAN_M || maxY - minY < MIN_SPAN_M) return undefined;
    const solved = solveSymmetric3(sxx, sxy, sx, syy, sy, s1, sxz, syz, sz);
    if (!solved) return undefined;
    [a, b, c] = solved;
    used = s1;
  }
  // The smallest rotation taking the plane's normal to z, applied about the camera's centre.
  const norm = Math.hypot(a, b, 1);
  const tiltRad = Math.acos(1 / norm);
  if (tiltRad > MAX_TILT_RAD) return undefined;
  const axis = [-b, a, 0]; // normal (−a, −b, 1) × z
  const axisNorm = Math.hypot(axis[0]!, axis[1]!);
  const correction =
    axisNorm > 0
      ? [
          (axis[0]! / axisNorm) * Math.sin(tiltRad / 2),
          (axis[1]! / axisNorm) * Math.sin(tiltRad / 2),
          0,
          Math.cos(tiltRad / 2),
        ]
      : [0, 0, 0, 1];
  // The camera's distance to the plane does not change as it turns about its centre.
  const heightErrorM = tz + c / norm - floorZ;
  if (Math.abs(heightErrorM) > MAX_HEIGHT_ERROR_M) return undefined;
  const q = quaternion.compose(new Float64Array(4), correction, [
    map_T_optical[3]!,
    map_T_optical[4]!,
    map_T_optical[5]!,
    map_T_optical[6]!,
  ]);
  quaternion.normalize(q, q);
  return {
    map_T_optical: Float64Array.of(tx, ty, tz - heightErrorM, q[0]!, q[1]!, q[2]!, q[3]!),
    tiltRad,
    heightErrorM,
    floorPixels: used,
  };
}
