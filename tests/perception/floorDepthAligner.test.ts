import { describe, expect, it } from 'vitest';
import { fromMatrix } from '../../src/geometry/so3.ts';
import { FloorDepthAligner } from '../../src/perception/FloorDepthAligner.ts';

const W = 160;
const H = 120;
const camera = { fx: 120, fy: 120, cx: 80, cy: 60 };
const CAMERA_HEIGHT = 1.2;

/** map_T_optical of a camera at (0, 0, height) looking along map +x, pitched down by `pitch`. */
function pitchedCamera(pitch: number, height = CAMERA_HEIGHT): Float64Array {
  const c = Math.cos(pitch);
  const s = Math.sin(pitch);
  // Columns: optical x (image right) = map −y; y (image down) = z × x; z (forward).
  const rotation = [0, -s, c, -1, 0, 0, 0, -c, -s];
  const q = fromMatrix(new Float64Array(4), rotation);
  return Float64Array.of(0, 0, height, q[0]!, q[1]!, q[2]!, q[3]!);
}

/** Optical-axis depth where pixel (u, v)'s ray meets the floor of a camera from `pitchedCamera`. */
function floorDepth(
  u: number,
  v: number,
  pitch: number,
  height = CAMERA_HEIGHT,
  intrinsics = camera,
): number {
  const y = (v - intrinsics.cy) / intrinsics.fy;
  // map z of the ray (x, y, 1): y · (−cos pitch) + 1 · (−sin pitch); x has no map z.
  const rayZ = -y * Math.cos(pitch) - Math.sin(pitch);
  return rayZ < 0 ? height / -rayZ : Infinity;
}

describe('FloorDepthAligner', () => {
  const pitch = 0.5;
  const pose = pitchedCamera(pitch);

  // 160×120 reads every pixel for the scale; 640×480 a grid of every 4th.
  it.each([1, 4])(
    "rescales an estimate of the wrong scale so the floor lies at the pose's depth, and cuts depth past the floor (%i× the pixels per side)",
    (k) => {
      const [width, height] = [W * k, H * k];
      const intrinsics = { fx: camera.fx * k, fy: camera.fy * k, cx: camera.cx * k, cy: camera.cy * k };
      // The truth: floor below the horizon, a box standing 20 % in front of the floor in the
      // image's middle, a wall (5 m) above the horizon. The network sees it all 1.3 times too far,
      // and a patch through the floor at 3 times.
      const truth = new Float32Array(width * height);
      const estimate = new Float32Array(width * height);
      for (let v = 0; v < height; v++)
        for (let u = 0; u < width; u++) {
          const floor = floorDepth(u, v, pitch, CAMERA_HEIGHT, intrinsics);
          const inBox = u >= 60 * k && u < 100 * k && v >= 70 * k && v < 90 * k;
          const t = floor === Infinity ? 5 : inBox ? 0.8 * floor : floor;
          truth[v * width + u] = t;
          estimate[v * width + u] = u < 20 * k && v > 100 * k ? 3 * t : 1.3 * t;
        }
      const alignment = new FloorDepthAligner().align(estimate, width, height, intrinsics, pose);
      expect(alignment!.scale).toBeCloseTo(1 / 1.3, 3);
      let worst = 0;
      for (let p = 0; p < width * height; p++)
        worst = Math.max(worst, Math.abs(estimate[p]! / truth[p]! - 1));
      expect(worst).toBeLessThan(2e-3);
    },
  );

  it('leaves the estimate as it was when too little floor is in view, and skips pixels without one', () => {
    const lookingUp = pitchedCamera(-0.6);
    const estimate = new Float32Array(W * H).fill(2);
    estimate[0] = 0;
    estimate[1] = Number.NaN;
    expect(new FloorDepthAligner().align(estimate, W, H, camera, lookingUp)).toBeUndefined();
    expect(estimate[2]).toBe(2);
    // The same unknown pixels in a view of the floor stay unknown.
    const floorView = Float32Array.from({ length: W * H }, (_, p) =>
      floorDepth(p % W, Math.floor(p / W), pitch),
    );
    floorView[0] = 0;
    floorView[1] = Number.NaN;
    const alignment = new FloorDepthAligner().align(floorView, W, H, camera, pose);
    expect(alignment!.scale).toBeCloseTo(1, 3);
    expect(floorView[0]).toBe(0);
    expect(floorView[1]).toBeNaN();
  });

  it('takes the floor height from the frame it is given', () => {
    const truth = Float32Array.from({ length: W * H }, (_, p) =>
      floorDepth(p % W, Math.floor(p / W), pitch, CAMERA_HEIGHT - 0.3),
    );
    const estimate = truth.map((t) => t * 0.8);
    const alignment = new FloorDepthAligner().align(estimate, W, H, camera, pose, 0.3);
    expect(alignment!.scale).toBeCloseTo(1 / 0.8, 3);
  });

  it('names a depth image of the wrong size and a camera not above the floor', () => {
    const aligner = new FloorDepthAligner();
    expect(() => aligner.align(new Float32Array(10), W, H, camera, pose)).toThrow(
      /depth has 10 values, expected 160×120/,
    );
    expect(() => aligner.align(new Float32Array(W * H), W, H, camera, pose, 1.5)).toThrow(
      /camera is -0.3\d* m above the floor/,
    );
  });
});
