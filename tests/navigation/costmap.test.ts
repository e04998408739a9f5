import { describe, expect, it } from 'vitest';
import {
  Costmap2D,
  FREE_SPACE,
  INSCRIBED_INFLATED_OBSTACLE,
  InflationLayer,
  inflationCost,
  LayeredCostmap,
  LETHAL_OBSTACLE,
  NO_INFORMATION,
  ObstacleLayer,
  StaticLayer,
} from '../../src/navigation/index.ts';

const RESOLUTION = 0.05;
const INFLATION = { inscribedRadiusM: 0.215, inflationRadiusM: 0.55, costScalingFactor: 3 };

describe('inflation layer', () => {
  it("writes Nav2's exponential decay around a lethal cell", () => {
    const costmap = new Costmap2D(RESOLUTION, 41, 41);
    costmap.costs[20 * 41 + 20] = LETHAL_OBSTACLE;
    new InflationLayer(INFLATION).update(costmap);
    for (let r = 0; r < 41; r++)
      for (let c = 0; c < 41; c++) {
        const distanceM = Math.hypot(r - 20, c - 20) * RESOLUTION;
        // Nav2 (inflation_layer.hpp computeCost): 252·exp(−k·(d − r_inscribed)) beyond the inscribed radius.
        const expected =
          distanceM === 0
            ? 254
            : distanceM <= 0.215
              ? 253
              : distanceM > 0.55
                ? 0
                : Math.floor(252 * Math.exp(-3 * (distanceM - 0.215)));
        expect(costmap.costs[r * 41 + c]).toBe(expected);
      }
    expect(inflationCost(0.3, INFLATION)).toBe(Math.floor(252 * Math.exp(-3 * 0.085)));
  });

  it('leaves unknown cells unknown unless they are inscribed', () => {
    const costmap = new Costmap2D(RESOLUTION, 30, 1, 0, 0, NO_INFORMATION);
    costmap.costs[0] = LETHAL_OBSTACLE;
    new InflationLayer(INFLATION).update(costmap);
    expect(costmap.costs[2]).toBe(INSCRIBED_INFLATED_OBSTACLE);
    expect(costmap.costs[6]).toBe(NO_INFORMATION);
  });
});

describe('obstacle layer', () => {
  it('marks returns and clears them by ray tracing when the obstacle has gone', () => {
    const layer = new ObstacleLayer(RESOLUTION, {
      obstacleMaxRangeM: 2.5,
      raytraceMaxRangeM: 3,
      markLifetimeS: Infinity,
    });
    const master = new Costmap2D(RESOLUTION, 60, 60);
    layer.update(master);
    const chair = Float64Array.of(1.5, 1.0);
    layer.observe(0.5, 1.0, chair, Uint8Array.of(1), 1);
    layer.update(master);
    expect(master.costAt(1.5, 1.0)).toBe(LETHAL_OBSTACLE);
    // The chair moved away: the same beam now returns from the wall behind it.
    const wall = Float64Array.of(2.8, 1.0);
    master.resize(60, 60, 0, 0);
    layer.observe(0.5, 1.0, wall, Uint8Array.of(1), 1);
    layer.update(master);
    expect(master.costAt(1.5, 1.0)).toBe(0);
    expect(master.costAt(2.8, 1.0)).toBe(LETHAL_OBSTACLE);
    // A beam that saw nothing clears its whole ray up to the raytrace range.
    master.resize(60, 60, 0, 0);
    layer.observe(0.5, 1.0, Float64Array.of(20.5, 1.0), Uint8Array.of(0), 1);
    layer.update(master);
    expect(master.costAt(2.8, 1.0)).toBe(0);
  });

  it('forgets a mark not seen again within its lifetime, and keeps one seen again', () => {
    const layer = new ObstacleLayer(RESOLUTION, {
      obstacleMaxRangeM: 2.5,
      raytraceMaxRangeM: 3,
      markLifetimeS: 10,
    });
    const master = new Costmap2D(RESOLUTION, 60, 60);
    layer.update(master, 0);
    layer.observe(0.5, 1.0, Float64Array.of(1.5, 1.0, 1.5, 2.0), Uint8Array.of(1, 1), 2);
    for (let timeS = 1; timeS <= 9; timeS++) {
      layer.observe(0.5, 1.0, Float64Array.of(1.5, 1.0), Uint8Array.of(1), 1);
      master.resize(60, 60, 0, 0);
      layer.update(master, timeS);
    }
    expect(master.costAt(1.5, 2.0)).toBe(LETHAL_OBSTACLE);
    master.resize(60, 60, 0, 0);
    layer.update(master, 10.5);
    expect(master.costAt(1.5, 2.0)).toBe(0);
    expect(master.costAt(1.5, 1.0)).toBe(LETHAL_OBSTACLE);
  });

  it('keeps marks in place when a rolling window moves', () => {
    const costmap = new LayeredCostmap({
      resolutionM: RESOLUTION,
      extent: { kind: 'rolling', windowM: 2 },
      inflation: INFLATION,
    });
    costmap.update(0, 0);
    costmap.obstacleLayer.observe(0, 0, Float64Array.of(0.5, 0.2), Uint8Array.of(1), 1);
    expect(costmap.update(0, 0).costAt(0.5, 0.2)).toBe(LETHAL_OBSTACLE);
    const moved = costmap.update(0.33, -0.21);
    expect(moved.originX).toBeCloseTo(-0.65, 9);
    expect(moved.costAt(0.5, 0.2)).toBe(LETHAL_OBSTACLE);
    expect(moved.costAt(0.5 + RESOLUTION, 0.2)).toBe(INSCRIBED_INFLATED_OBSTACLE);
  });
});

describe('known obstacle layer', () => {
  it('makes the items the laser cannot see costly but passable, and forgets them when the next set leaves them out', () => {
    const costmap = new LayeredCostmap({
      resolutionM: RESOLUTION,
      extent: { kind: 'rolling', windowM: 2 },
      inflation: INFLATION,
    });
    costmap.knownObstacleLayer.setPoints(Float64Array.of(0.5, 0.2, -0.4, 0.1), 2);
    const marked = costmap.update(0, 0);
    expect(marked.costAt(0.5, 0.2)).toBe(252);
    expect(marked.costAt(0.5 + 0.2, 0.2)).toBe(252);
    expect(marked.costAt(0.5 + 0.3, 0.2)).toBe(FREE_SPACE);
    expect(marked.costAt(-0.4, 0.1)).toBe(252);
    costmap.knownObstacleLayer.setPoints(Float64Array.of(-0.4, 0.1), 1);
    const after = costmap.update(0, 0);
    expect(after.costAt(0.5, 0.2)).toBe(FREE_SPACE);
    expect(after.costAt(-0.4, 0.1)).toBe(252);
  });
});

describe('static layer', () => {
  it('turns the SLAM map into costs and names what is wrong with a malformed one', () => {
    const layer = new StaticLayer();
    layer.setMap({
      resolutionM: RESOLUTION,
      width: 3,
      height: 1,
      originX: -1,
      originY: 2,
      data: [100, -1, 0],
    });
    const master = new Costmap2D(RESOLUTION);
    layer.update(master);
    expect([...master.costs]).toEqual([LETHAL_OBSTACLE, NO_INFORMATION, 0]);
    expect(master.originX).toBe(-1);
    expect(() =>
      layer.setMap({ resolutionM: RESOLUTION, width: 3, height: 2, originX: 0, originY: 0, data: [0] }),
    ).toThrow('map data has 1 cells, expected 3 x 2');
  });

  it('says whether the map holds an obstacle within a cell or more of a point', () => {
    const layer = new StaticLayer();
    expect(layer.occupiedNear(0, 0)).toBe(false);
    // One occupied cell, the third of five in a row: its neighbours are near it, the row's ends not.
    layer.setMap({
      resolutionM: RESOLUTION,
      width: 5,
      height: 1,
      originX: 0,
      originY: 0,
      data: [0, 0, 100, 0, -1],
    });
    const centre = (cell: number) => (cell + 0.5) * RESOLUTION;
    expect([0, 1, 2, 3, 4].map((cell) => layer.occupiedNear(centre(cell), centre(0)))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
    expect(layer.occupiedNear(centre(0), centre(0), 2)).toBe(true);
    expect(layer.occupiedNear(-1, -1, 2)).toBe(false);
  });
});
