/**
 * A synthetic camera 1.5 m above the floor looking straight down, rotated 30° about the vertical,
 * over a floor at z = 0 with a 0.2 × 0.3 m block of height 0.1 m centred at (1.2, 2.1).
 */
import { opticalPose } from '../../sim/render/cameraPose.ts';
import * as se3 from '../../src/geometry/se3.ts';

export const camera = { fx: 300, fy: 300, cx: 159.5, cy: 119.5 };
export const [W, H] = [320, 240];
export const pose = opticalPose([1, 2, 1.5], Math.PI / 6, Math.PI / 2);
export const BLOCK_CENTRE = [1.2, 2.1, 0.05] as const;
const optical_T_map = se3.inverse(new Float64Array(7), pose);

/** The block's depth image (metres) and its box in the image. */
export function renderBlock(): {
  depth: Float32Array;
  box: { x1: number; y1: number; x2: number; y2: number };
} {
  const depth = new Float32Array(W * H);
  const box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  const origin = se3.act(new Float64Array(3), pose, [0, 0, 0]);
  for (let v = 0; v < H; v++)
    for (let u = 0; u < W; u++) {
      const through = se3.act(new Float64Array(3), pose, [
        (u - camera.cx) / camera.fx,
        (v - camera.cy) / camera.fy,
        1,
      ]);
      // Straight down: every ray meets the top face (z = 0.1) before the floor.
      const hitTop = (0.1 - origin[2]!) / (through[2]! - origin[2]!);
      const x = origin[0]! + hitTop * (through[0]! - origin[0]!);
      const y = origin[1]! + hitTop * (through[1]! - origin[1]!);
      const onBlock = Math.abs(x - 1.2) <= 0.1 && Math.abs(y - 2.1) <= 0.15;
      const t = onBlock ? hitTop : (0 - origin[2]!) / (through[2]! - origin[2]!);
      const point = Float64Array.from([0, 1, 2], (a) => origin[a]! + t * (through[a]! - origin[a]!));
      depth[v * W + u] = se3.act(new Float64Array(3), optical_T_map, point)[2]!;
      if (onBlock) {
        box.x1 = Math.min(box.x1, u);
        box.y1 = Math.min(box.y1, v);
        box.x2 = Math.max(box.x2, u + 1);
        box.y2 = Math.max(box.y2, v + 1);
      }
    }
  return { depth, box };
}
