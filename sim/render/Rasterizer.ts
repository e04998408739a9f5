/**
 * A z-buffer rasterizer over typed arrays — no browser, no GPU. For a pinhole camera (optical
 * frame: x right, y down, z forward) at pose map_T_optical it renders RGB (flat Lambert shading
 * under the world's light), depth (metres along z, 0 where nothing was hit) and per-pixel
 * instance ids. Triangles are clipped against the near plane; depth is interpolated as 1/z,
 * which is linear in screen space. Buffers are reused between frames.
 */
import * as quaternion from '../../src/geometry/quaternion.ts';
import type { Lighting } from '../world/World.ts';
import type { TriangleSoup } from './meshes.ts';

export interface CameraIntrinsics {
  readonly width: number;
  readonly height: number;
  readonly fx: number;
  readonly fy: number;
  readonly cx: number;
  readonly cy: number;
}

export interface Frame {
  readonly rgb: Uint8Array;
  readonly depth: Float32Array;
  /** Instance id + 1 per pixel (0 = nothing). */
  readonly instance: Uint32Array;
}

const NEAR_M = 0.05;
const NO_INSTANCE = 0;

export class Rasterizer {
  readonly frame: Frame;
  readonly #zbuffer: Float32Array;
  // Scratch for one triangle after clipping (up to 4 vertices × 3 coords).
  readonly #clipped = new Float64Array(12);
  readonly #camera = new Float64Array(9);

  constructor(readonly intrinsics: CameraIntrinsics) {
    const pixels = intrinsics.width * intrinsics.height;
    if (!(pixels > 0))
      throw new Error(`camera image must have a positive size, got ${intrinsics.width}x${intrinsics.height}`);
    this.frame = {
      rgb: new Uint8Array(pixels * 3),
      depth: new Float32Array(pixels),
      instance: new Uint32Array(pixels),
    };
    this.#zbuffer = new Float32Array(pixels);
  }

  render(
    soup: TriangleSoup,
    map_T_optical: ArrayLike<number>,
    lighting: Lighting,
    background: readonly [number, number, number] = [0, 0, 0],
  ): Frame {
    const { width, height, fx, fy, cx, cy } = this.intrinsics;
    const { rgb, depth, instance } = this.frame;
    const zbuffer = this.#zbuffer;
    zbuffer.fill(0); // stores 1/z; 0 = infinitely far
    depth.fill(0);
    instance.fill(NO_INSTANCE);
    for (let p = 0; p < width * height; p++) {
      rgb[p * 3] = background[0];
      rgb[p * 3 + 1] = background[1];
      rgb[p * 3 + 2] = background[2];
    }
    const inverse = quaternion.inverse(new Float64Array(4), [
      map_T_optical[3]!,
      map_T_optical[4]!,
      map_T_optical[5]!,
      map_T_optical[6]!,
    ]);
    const tx = map_T_optical[0]!,
      ty = map_T_optical[1]!,
      tz = map_T_optical[2]!;
    const cam = this.#camera;
    const v = new Float64Array(3);
    const positions = soup.positions;
    const light = lighting.direction;
    for (let t = 0; t < soup.count; t++) {
      const o = t * 9;
      // Vertices in the camera frame.
      for (let k = 0; k < 3; k++) {
        v[0] = positions[o + 3 * k]! - tx;
        v[1] = positions[o + 3 * k + 1]! - ty;
        v[2] = positions[o + 3 * k + 2]! - tz;
        quaternion.act(v, inverse, v);
        cam[3 * k] = v[0]!;
        cam[3 * k + 1] = v[1]!;
        cam[3 * k + 2] = v[2]!;
      }
      const n = clipNear(cam, this.#clipped);
      if (n < 3) continue;
      // Flat shade from the map-frame normal, turned towards the camera.
      const ax = positions[o]!,
        ay = positions[o + 1]!,
        az = positions[o + 2]!;
      const ux = positions[o + 3]! - ax,
        uy = positions[o + 4]! - ay,
        uz = positions[o + 5]! - az;
      const wx = positions[o + 6]! - ax,
        wy = positions[o + 7]! - ay,
        wz = positions[o + 8]! - az;
      let nx = uy * wz - uz * wy,
        ny = uz * wx - ux * wz,
        nz = ux * wy - uy * wx;
      const norm = Math.hypot(nx, ny, nz) || 1;
      nx /= norm;
      ny /= norm;
      nz /= norm;
      if (nx * (tx - ax) + ny * (ty - ay) + nz * (tz - az) < 0) {
        nx = -nx;
        ny = -ny;
        nz = -nz;
      }
      const lambert =
        lighting.ambient + lighting.intensity * Math.max(0, nx * light[0] + ny * light[1] + nz * light[2]);
      const r = Math.min(255, soup.colors[t * 3]! * lambert * lighting.tint[0]);
      const g = Math.min(255, soup.colors[t * 3 + 1]! * lambert * lighting.tint[1]);
      const b = Math.min(255, soup.colors[t * 3 + 2]! * lambert * lighting.tint[2]);
      const id = soup.instances[t]! + 1;
      for (let k = 1; k + 1 < n; k++) {
        this.#rasterize(
          0,
          k,
          k + 1,
          fx,
          fy,
          cx,
          cy,
          width,
          height,
          zbuffer,
          depth,
          instance,
          rgb,
          id,
          r,
          g,
          b,
        );
      }
    }
    return this.frame;
  }

  #rasterize(
    i0: number,
    i1: number,
    i2: number,
    fx: number,
    fy: number,
    cx: number,
    cy: number,
    width: number,
    height: number,
    zbuffer: Float32Array,
    depth: Float32Array,
    instance: Uint32Array,
    rgb: Uint8Array,
    id: number,
    r: number,
    g: number,
    b: number,
  ): void {
    const c = this.#clipped;
    const z0 = c[i0 * 3 + 2]!,
      z1 = c[i1 * 3 + 2]!,
      z2 = c[i2 * 3 + 2]!;
    const x0 = (fx * c[i0 * 3]!) / z0 + cx,
      y0 = (fy * c[i0 * 3 + 1]!) / z0 + cy;
    const x1 = (fx * c[i1 * 3]!) / z1 + cx,
      y1 = (fy * c[i1 * 3 + 1]!) / z1 + cy;
    const x2 = (fx * c[i2 * 3]!) / z2 + cx,
      y2 = (fy * c[i2 * 3 + 1]!) / z2 + cy;
    const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (Math.abs(area) < 1e-12) return;
    const minX = Math.max(0, Math.floor(Math.min(x0, x1, x2)));
    const maxX = Math.min(width - 1, Math.ceil(Math.max(x0, x1, x2)));
    const minY = Math.max(0, Math.floor(Math.min(y0, y1, y2)));
    const maxY = Math.min(height - 1, Math.ceil(Math.max(y0, y1, y2)));
    if (minX > maxX || minY > maxY) return;
    const iz0 = 1 / z0,
      iz1 = 1 / z1,
      iz2 = 1 / z2;
    const inverseArea = 1 / area;
    for (let py = minY; py <= maxY; py++) {
      const sy = py; // pixel centres at integer coordinates, as in ROS CameraInfo
      for (let px = minX; px <= maxX; px++) {
        const sx = px;
        const w0 = ((x1 - sx) * (y2 - sy) - (x2 - sx) * (y1 - sy)) * inverseArea;
        const w1 = ((x2 - sx) * (y0 - sy) - (x0 - sx) * (y2 - sy)) * inverseArea;
        const w2 = 1 - w0 - w1;
        if (w0 < 0 || w1 < 0 || w2 < 0) continue;
        const inverseZ = w0 * iz0 + w1 * iz1 + w2 * iz2;
        const p = py * width + px;
        if (inverseZ <= zbuffer[p]!) continue;
        zbuffer[p] = inverseZ;
        depth[p] = 1 / inverseZ;
        instance[p] = id;
        rgb[p * 3] = r;
        rgb[p * 3 + 1] = g;
        rgb[p * 3 + 2] = b;
      }
    }
  }
}

/** Clips a camera-frame triangle (3 vertices in `tri`) against z = NEAR_M into `out`; returns the vertex count. */
function clipNear(tri: Float64Array, out: Float64Array): number {
  let count = 0;
  for (let k = 0; k < 3; k++) {
    const a = k * 3;
    const b = ((k + 1) % 3) * 3;
    const za = tri[a + 2]!;
    const zb = tri[b + 2]!;
    const aInside = za >= NEAR_M;
    const bInside = zb >= NEAR_M;
    if (aInside) {
      out[count * 3] = tri[a]!;
      out[count * 3 + 1] = tri[a + 1]!;
      out[count * 3 + 2] = za;
      count++;
    }
    if (aInside !== bInside) {
      const s = (NEAR_M - za) / (zb - za);
      out[count * 3] = tri[a]! + s * (tri[b]! - tri[a]!);
      out[count * 3 + 1] = tri[a + 1]! + s * (tri[b + 1]! - tri[a + 1]!);
      out[count * 3 + 2] = NEAR_M;
      count++;
    }
  }
  return count;
}
