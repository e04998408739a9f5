import { describe, expect, it } from 'vitest';
import { CameraView } from '../../src/perception/CameraView.ts';

// A 160×120 camera at the map origin looking along map +x (optical z = x, x = −y, y = −z).
const camera = { fx: 100, fy: 100, cx: 80, cy: 60 };
const map_T_optical = [0, 0, 0, -0.5, 0.5, -0.5, 0.5];
const frame = (depth?: number) => ({
  camera,
  width: 160,
  height: 120,
  map_T_optical,
  depth: depth === undefined ? undefined : new Float32Array(160 * 120).fill(depth),
});
const cube = (size: number) => [size, size, size];

describe('CameraView', () => {
  it('shows objects in front, whole in the image and large enough to detect', () => {
    const view = new CameraView().look(frame());
    expect(view.shows([2, 0, 0], cube(0.3))).toBe(true);
    // 0.2 m at 2 m: 10 px across, under the 12 px a detector needs.
    expect(view.shows([2, 0, 0], cube(0.2))).toBe(false);
    expect(view.shows([-2, 0, 0], cube(0.3))).toBe(false);
    // Centre 75 px left of the middle, at u = 5: half of its 15 px lie outside.
    expect(view.shows([2, 1.5, 0], cube(0.3))).toBe(false);
    expect(view.shows([2, 1.3, 0], cube(0.3))).toBe(true);
  });

  it('with depth, does not show objects behind a nearer surface or where depth is unknown', () => {
    const view = new CameraView();
    // The floor behind where the object was: it should have been seen (a miss if not detected).
    expect(view.look(frame(5)).shows([2, 0, 0], cube(0.3))).toBe(true);
    // Its own surface, 0.15 m nearer than its centre.
    expect(view.look(frame(1.85)).shows([2, 0, 0], cube(0.3))).toBe(true);
    expect(view.look(frame(1.7)).shows([2, 0, 0], cube(0.3))).toBe(false);
    expect(view.look(frame(0)).shows([2, 0, 0], cube(0.3))).toBe(false);
  });

  it('names a depth image of the wrong size and a check before any frame', () => {
    expect(() => new CameraView().shows([2, 0, 0], cube(0.3))).toThrow(/before look/);
    expect(() => new CameraView().look({ ...frame(), depth: new Float32Array(10) })).toThrow(
      /depth holds 10 values but the frame is 160×120/,
    );
  });
});
