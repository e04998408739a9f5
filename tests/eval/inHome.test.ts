import { describe, expect, it } from 'vitest';
import { inHome } from '../../scripts/eval/harness/truthFeeds.ts';
import type { WorldFurniture, WorldItem } from '../../sim/world/World.ts';

const desk: WorldFurniture = {
  id: 'desk',
  category: 'desk',
  position: [2, 1, 0.37],
  yaw: 0,
  size: [1.2, 0.6, 0.74],
  color: [0.5, 0.3, 0.1],
  form: 'solid',
};

function thing(category: string, shape: WorldItem['shape'], dimensions: number[]): WorldItem {
  return {
    id: `${category}_1`,
    category,
    shape,
    dimensions,
    colorName: 'red',
    color: [1, 0, 0],
    mass: 0.02,
    friction: 0.5,
    tools: 'gripper',
    home: 'desk',
    pose: [0, 0, 0, 0, 0, 0, 1],
  };
}

/** Quaternion turning by `angle` about the x axis. */
const aboutX = (angle: number) => [Math.sin(angle / 2), 0, 0, Math.cos(angle / 2)];

describe('inHome', () => {
  it('counts a pen lying level on its desk as put away flat, and one standing on end as not', () => {
    const pen = thing('pen', 'capsule', [0.005, 0.14]);
    // The capsule's length is its z axis: lying, z is level.
    expect(inHome(pen, desk, [2.1, 1.1, 0.745, ...aboutX(Math.PI / 2)])).toBe(true);
    expect(inHome(pen, desk, [2.1, 1.1, 0.81, 0, 0, 0, 1])).toBe(false);
    // Off the desk's footprint, or on the floor under it.
    expect(inHome(pen, desk, [2.9, 1.1, 0.745, ...aboutX(Math.PI / 2)])).toBe(false);
    expect(inHome(pen, desk, [2.1, 1.1, 0.005, ...aboutX(Math.PI / 2)])).toBe(false);
  });

  it('counts a smartphone flat with its thinnest axis up, and on its edge as not', () => {
    const phone = thing('smartphone', 'box', [0.07, 0.14, 0.01]);
    expect(inHome(phone, desk, [2, 1, 0.745, 0, 0, 0, 1])).toBe(true);
    expect(inHome(phone, desk, [2, 1, 0.78, ...aboutX(Math.PI / 2)])).toBe(false);
  });

  it("counts a book on any of a shelf's boards, and not one on the floor before it or on the case's top", () => {
    const bookshelf: WorldFurniture = {
      id: 'bookshelf',
      category: 'bookshelf',
      position: [6.8, 4.5, 0.9],
      yaw: -Math.PI / 2,
      size: [0.9, 0.35, 1.8],
      color: [0.5, 0.3, 0.1],
      form: 'shelf',
      shelves: [0.06, 0.4, 0.86, 1.34],
    };
    const book = thing('book', 'box', [0.2, 0.15, 0.03]);
    expect(inHome(book, bookshelf, [6.8, 4.5, 0.875, 0, 0, 0, 1])).toBe(true);
    expect(inHome(book, bookshelf, [6.8, 4.6, 0.415, 0, 0, 0, 1])).toBe(true);
    expect(inHome(book, bookshelf, [6.8, 4.5, 1.815, 0, 0, 0, 1])).toBe(false);
    expect(inHome(book, bookshelf, [6.4, 4.5, 0.015, 0, 0, 0, 1])).toBe(false);
  });
});
