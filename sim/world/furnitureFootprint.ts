/**
 * Where furniture stands on the floor: its footprint as an axis-aligned box (furniture stands at
 * multiples of 90°), and whether a disc (an item, the robot) overlaps it.
 */
import type { WorldFurniture } from './World.ts';

export interface Footprint {
  readonly x: number;
  readonly y: number;
  /** Half sizes along map x and y. */
  readonly hx: number;
  readonly hy: number;
}

export function furnitureFootprint(f: WorldFurniture): Footprint {
  const swap = Math.abs(Math.sin(f.yaw)) > 0.5;
  return {
    x: f.position[0],
    y: f.position[1],
    hx: (swap ? f.size[1] : f.size[0]) / 2,
    hy: (swap ? f.size[0] : f.size[1]) / 2,
  };
}

/** Whether a disc of `radius` at (x, y) comes closer than `margin` to the footprint (box test). */
export function overlapsFootprint(
  f: Footprint,
  x: number,
  y: number,
  radius: number,
  margin: number,
): boolean {
  return Math.abs(x - f.x) < f.hx + radius + margin && Math.abs(y - f.y) < f.hy + radius + margin;
}
