import { describe, expect, it } from 'vitest';
import { outsideFurniture } from '../../src/manipulation/index.ts';
import type { HousePlace } from '../../src/world/houseDescription.ts';

const hook: HousePlace = {
  name: 'coat hook',
  id: 'coat_hook_1',
  kind: 'surface',
  position: [0.19, 1.53, 0.85],
  yaw: Math.PI / 2,
  size: [0.7, 0.35, 1.7],
};
const table: HousePlace = {
  name: 'low table',
  id: 'low_table_1',
  kind: 'surface',
  position: [2, 1, 0.2],
  yaw: 0,
  size: [1.0, 0.6, 0.4],
};

describe('outsideFurniture', () => {
  it('drops the side of furniture beside an item, keeps the item and what lies on or under the furniture holding it', () => {
    const points = Float64Array.of(
      // The hook's face (its footprint begins at y = 1.18), seen 1 cm in front of it, and inside.
      0.2,
      1.17,
      0.1,
      0.25,
      1.2,
      0.2,
      // An item in front of the hook.
      0.2,
      1.1,
      0.05,
      // Above the hook's top: not its side.
      0.2,
      1.3,
      1.75,
    );
    const kept = outsideFurniture(points, [hook, table], [0.24, 1.12]);
    expect(Array.from(kept)).toEqual([0.2, 1.1, 0.05, 0.2, 1.3, 1.75]);
    // Under the table (its footprint holds the item's middle), the table's points stay.
    const under = Float64Array.of(2, 1, 0.05, 2.1, 1, 0.38);
    expect(Array.from(outsideFurniture(under, [hook, table], [2, 1]))).toEqual(Array.from(under));
  });
});
