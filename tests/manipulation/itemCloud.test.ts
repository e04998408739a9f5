import { describe, expect, it } from 'vitest';
import { itemPoints } from '../../src/manipulation/index.ts';

describe('itemPoints', () => {
  it('keeps an item taller than perception boxed it: its top above the box by up to its height and the margin', () => {
    // A camera 1 m up looking straight down (optical z down, y towards −map y) over a 13 cm tall,
    // 10 cm wide item at the origin on the floor; perception boxed it 6 cm tall.
    const width = 101;
    const camera = { fx: 100, fy: 100, cx: 50, cy: 50 };
    const depth = new Float32Array(width * width).fill(1);
    for (let v = 0; v < width; v++)
      for (let u = 0; u < width; u++)
        if (Math.abs(u - 50) <= 4 && Math.abs(v - 50) <= 4) depth[v * width + u] = 1 - 0.13;
    const map_T_optical = [0, 0, 1, 1, 0, 0, 0];
    const box = { center: [0, 0, 0.03], size: [0.1, 0.1, 0.06] } as const;
    const points = itemPoints(depth, width, width, camera, map_T_optical, box, 0.04);
    expect(points.length / 3).toBe(81);
    for (let k = 0; k < points.length; k += 3) expect(points[k + 2]).toBeCloseTo(0.13, 5);
    // Nothing higher than the margin and the box's height again above its top counts.
    const low = { center: [0, 0, 0.02], size: [0.1, 0.1, 0.04] } as const;
    expect(itemPoints(depth, width, width, camera, map_T_optical, low, 0.04).length).toBe(0);
    // Nor anything at the underside of what is over it.
    expect(itemPoints(depth, width, width, camera, map_T_optical, box, 0.04, 0.12).length).toBe(0);
  });
});
