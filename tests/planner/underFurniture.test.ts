import { describe, expect, it } from 'vitest';
import { furnitureOver } from '../../src/planner/index.ts';
import type { HousePlace } from '../../src/world/index.ts';

const SOFA: HousePlace = {
  name: 'sofa',
  id: 'sofa',
  kind: 'surface',
  position: [3.5, 5.5, 0.4],
  yaw: Math.PI,
  size: [2, 0.9, 0.8],
};
const TOY_BOX: HousePlace = {
  name: 'toy box',
  id: 'toy_box',
  kind: 'container',
  position: [0.4, 4.4, 0.225],
  yaw: Math.PI / 2,
  size: [0.6, 0.4, 0.45],
};
const HALL_STAND: HousePlace = {
  name: 'coat hook',
  id: 'coat_hook',
  kind: 'shelf',
  position: [0.2, 1.5, 0.85],
  yaw: Math.PI / 2,
  size: [0.7, 0.35, 1.7],
  shelves: [0.45],
};

describe('under furniture', () => {
  const places = [SOFA, TOY_BOX, HALL_STAND];
  const slipper = [0.25, 0.1, 0.03] as const;

  it('finds what an item on the floor lies under', () => {
    expect(furnitureOver(places, [2.9, 5.6, 0.015], slipper)?.name).toBe('sofa');
    expect(furnitureOver(places, [0.2, 1.4, 0.015], slipper)?.name).toBe('coat hook');
  });

  it('not what it lies on, in, or beside', () => {
    expect(furnitureOver(places, [2.9, 5.6, 0.815], slipper)).toBeUndefined();
    expect(furnitureOver(places, [0.2, 1.4, 0.465], slipper)).toBeUndefined();
    expect(furnitureOver(places, [0.4, 4.4, 0.05], slipper)).toBeUndefined();
    expect(furnitureOver(places, [2.9, 4.9, 0.015], slipper)).toBeUndefined();
  });
});
