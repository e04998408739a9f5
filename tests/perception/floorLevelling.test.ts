import { describe, expect, it } from 'vitest';
import * as quaternion from '../../src/geometry/quaternion.ts';
import * as se3 from '../../src/geometry/se3.ts';
import * as so3 from '../../src/geometry/so3.ts';
import { levelOnFloor } from '../../src/perception/floorLevelling.ts';
import { opticalPose } from '../../sim/render/cameraPose.ts';

const W = 320;
const H = 240;
const camera = { fx: 260, fy: 260, cx: 159.5, cy: 119.5 };
/** A 10 cm cube on the floor, 1 m ahead of the camera. */
const CUBE = { center: [1.0, 0.3, 0.05], half: 0.05 } as const;

/** Optical-axis depth of what each pixel of a camera at `map_T_optical` sees: the floor, the cube, or a wall 4 m off. */
function render(map_T_optical: Float64Array, floor = true): Float32Array {
  const depth = new Float32Array(W * H);
  const q = map_T_optical.subarray(3, 7);
  const o = map_T_optical.subarray(0, 3);
  const d = new Float64Array(3);
  for (let v = 0; v < H; v++)
    for (let u = 0; u < W; u++) {
      quaternion.act(d, q, [(u - camera.cx) / camera.fx, (v - camera.cy) / camera.fy, 1]);
      // Ray parameter t is the optical-axis depth, since the ray's optical z is 1.
      let t = floor && d[2]! < 0 ? -o[2]! / d[2]! : 4 / Math.hypot(d[0]!, d[1]!, d[2]!);
      let near = 0;
      let far = Infinity;
      for (let k = 0; k < 3; k++) {
        const lo = (CUBE.center[k]! - CUBE.half - o[k]!) / d[k]!;
        const hi = (CUBE.center[k]! + CUBE.half - o[k]!) / d[k]!;
        near = Math.max(near, Math.min(lo, hi));
        far = Math.min(far, Math.max(lo, hi));
      }
      if (near <= far && near < t) t = near;
      depth[v * W + u] = t;
    }
  return depth;
}

/** Map z-up direction as the camera sees it. */
const upInCamera = (pose: Float64Array) =>
  quaternion.act(
    new Float64Array(3),
    quaternion.inverse(new Float64Array(4), pose.subarray(3, 7)),
    [0, 0, 1],
  );

/** The cube's top centre pixel back-projected through `pose` with the true depth. */
function cubeTop(actual: Float64Array, pose: Float64Array): Float64Array {
  const inCamera = se3.act(new Float64Array(3), se3.inverse(new Float64Array(7), actual), [
    CUBE.center[0],
    CUBE.center[1],
    CUBE.center[2] + CUBE.half,
  ]);
  return se3.act(new Float64Array(3), pose, inCamera);
}

describe('levelOnFloor', () => {
  const believed = opticalPose([0, 0, 1.2], 0.3, 0.8);
  const mountingError = Float64Array.of(
    0.008,
    -0.01,
    0.012,
    ...so3.exp(new Float64Array(4), [0.02, -0.015, 0.01]),
  );
  const actual = se3.compose(new Float64Array(7), believed, mountingError);
  const depth = render(actual);

  it("takes the mount's tilt and height error out of the camera's pose", () => {
    const levelled = levelOnFloor(depth, W, H, camera, believed)!;
    expect(levelled).toBeDefined();
    const up = upInCamera(levelled.map_T_optical);
    const truth = upInCamera(actual);
    const angle = Math.acos(Math.min(1, up[0]! * truth[0]! + up[1]! * truth[1]! + up[2]! * truth[2]!));
    expect(angle).toBeLessThan((0.05 * Math.PI) / 180);
    expect(levelled.tiltRad).toBeGreaterThan(0.01);
    // The floor and the cube's top come out at their heights, and the cube nearer where it is.
    const top = cubeTop(actual, levelled.map_T_optical);
    expect(Math.abs(top[2]! - 0.1)).toBeLessThan(0.003);
    const before = cubeTop(actual, believed);
    const errorBefore = Math.hypot(before[0]! - CUBE.center[0], before[1]! - CUBE.center[1]);
    const errorAfter = Math.hypot(top[0]! - CUBE.center[0], top[1]! - CUBE.center[1]);
    expect(errorAfter).toBeLessThan(errorBefore / 2);
  });

  it('leaves a camera that sees no floor as it is', () => {
    expect(levelOnFloor(render(actual, false), W, H, camera, believed)).toBeUndefined();
  });

  it('names a depth image of the wrong size', () => {
    expect(() => levelOnFloor(new Float32Array(10), W, H, camera, believed)).toThrow(/depth has 10 pixels/);
  });
});
