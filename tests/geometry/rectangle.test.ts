import { describe, expect, it } from 'vitest';
import { insideRectangle } from '../../src/geometry/rectangle.ts';

describe('insideRectangle', () => {
  // 1.2 m × 0.6 m, turned a quarter: it spans x 2.7–3.3, y 1.4–2.6.
  const table = { x: 3, y: 2, yaw: Math.PI / 2, halfX: 0.6, halfY: 0.3 };

  it('tells points within a turned rectangle, and within a margin of it, from points outside', () => {
    expect(insideRectangle(3.25, 2.55, table)).toBe(true);
    expect(insideRectangle(3.35, 2, table)).toBe(false);
    expect(insideRectangle(3.35, 2, table, 0.1)).toBe(true);
    expect(insideRectangle(3, 2.65, table)).toBe(false);
  });
});
