import { describe, expect, it } from 'vitest';
import { Random } from '../../src/common/random.ts';
import {
  Costmap2D,
  GridPlanner,
  INSCRIBED_INFLATED_OBSTACLE,
  LETHAL_OBSTACLE,
  NO_INFORMATION,
} from '../../src/navigation/index.ts';

const TRIALS = 30;

/** Brute-force Dijkstra over the same 8-connected step costs (O(n²), small grids only). */
function dijkstra(costmap: Costmap2D, planner: GridPlanner, start: number, goal: number): number {
  const { width, height, costs } = costmap;
  const n = width * height;
  const distance = new Float64Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  distance[start] = 0;
  for (;;) {
    let best = -1;
    for (let k = 0; k < n; k++)
      if (!done[k] && distance[k]! < Infinity && (best < 0 || distance[k]! < distance[best]!)) best = k;
    if (best < 0) return Infinity;
    if (best === goal) return distance[goal]!;
    done[best] = 1;
    const c = best % width;
    const r = (best - c) / width;
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++) {
        if (!dr && !dc) continue;
        const nc = c + dc;
        const nr = r + dr;
        if (nc < 0 || nr < 0 || nc >= width || nr >= height) continue;
        const next = nr * width + nc;
        const step = Math.hypot(dr, dc) * planner.stepFactor(costs[next]!);
        if (distance[best]! + step < distance[next]!) distance[next] = distance[best]! + step;
      }
  }
}

function randomCostmap(random: Random, size: number): Costmap2D {
  const costmap = new Costmap2D(0.05, size, size);
  for (let k = 0; k < size * size; k++) {
    const u = random.next();
    costmap.costs[k] =
      u < 0.2 ? LETHAL_OBSTACLE : u < 0.25 ? NO_INFORMATION : u < 0.6 ? Math.floor(random.range(0, 253)) : 0;
  }
  return costmap;
}

describe('grid planner', () => {
  it('finds the path cost a brute-force Dijkstra finds, and no path where Dijkstra finds none', () => {
    const random = new Random(5);
    const planner = new GridPlanner({ costWeight: 3, unknownCost: 100, anyAngle: 'none' });
    let solved = 0;
    for (let t = 0; t < TRIALS; t++) {
      const costmap = randomCostmap(random, 14);
      const start = Math.floor(random.range(0, 196));
      const goal = Math.floor(random.range(0, 196));
      costmap.costs[start] = 0;
      costmap.costs[goal] = 0;
      const expected = dijkstra(costmap, planner, start, goal);
      const result = planner.plan(costmap, start, goal);
      if (expected === Infinity) {
        expect(result.ok).toBe(false);
        continue;
      }
      solved++;
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.cost).toBeCloseTo(expected, 9);
    }
    expect(solved).toBeGreaterThan(TRIALS / 3);
  });

  it('Theta* is never costlier than the grid path and cuts the 45° zig-zag', () => {
    const random = new Random(8);
    const grid = new GridPlanner({ costWeight: 3, unknownCost: 100, anyAngle: 'none' });
    const theta = new GridPlanner({ costWeight: 3, unknownCost: 100, anyAngle: 'theta_star' });
    for (let t = 0; t < TRIALS; t++) {
      const costmap = new Costmap2D(0.05, 40, 40);
      for (let k = 0; k < 40; k++) costmap.costs[Math.floor(random.range(0, 1600))] = LETHAL_OBSTACLE;
      costmap.costs[0] = 0;
      costmap.costs[1599 - 13] = 0;
      const a = grid.plan(costmap, 0, 1599 - 13);
      const b = theta.plan(costmap, 0, 1599 - 13);
      expect(a.ok && b.ok).toBe(true);
      if (a.ok && b.ok) expect(b.cost).toBeLessThanOrEqual(a.cost + 1e-9);
    }
  });

  it('leaves an inscribed band it starts in where the cost does not rise, and never travels along one', () => {
    // A wall at column 0 with its inscribed band at columns 1–2 (the robot put beside furniture).
    const costmap = new Costmap2D(0.05, 10, 10);
    for (let r = 0; r < 10; r++) {
      costmap.costs[r * 10] = LETHAL_OBSTACLE;
      costmap.costs[r * 10 + 1] = INSCRIBED_INFLATED_OBSTACLE;
      costmap.costs[r * 10 + 2] = INSCRIBED_INFLATED_OBSTACLE;
    }
    const planner = new GridPlanner({ costWeight: 3, unknownCost: 100, anyAngle: 'none' });
    const out = planner.plan(costmap, 5 * 10 + 1, 5 * 10 + 8);
    expect(out.ok).toBe(true);
    if (out.ok) expect(Array.from(out.cells)).toEqual([51, 52, 53, 54, 55, 56, 57, 58]);
    // From free space, a goal beyond a band stays out of reach: the band is no corridor.
    for (let r = 0; r < 10; r++) costmap.costs[r * 10 + 6] = INSCRIBED_INFLATED_OBSTACLE;
    expect(planner.plan(costmap, 5 * 10 + 4, 5 * 10 + 8)).toMatchObject({ ok: false, code: 'no_path' });
    expect(planner.plan(costmap, 5 * 10, 5 * 10 + 4)).toMatchObject({ ok: false, code: 'start_occupied' });
  });

  it('leaves a band it starts in straight, not along it to where it opens', () => {
    // A wall at column 0 with its band at columns 1–2; a second wall across columns 4–19 at row 12,
    // its band in rows 11–13 and closed at column 3: the far side is reached only along the first
    // band, 60 cm of it from the start (the gap between two things the base cannot pass).
    const costmap = new Costmap2D(0.05, 20, 20);
    for (let r = 0; r < 20; r++) {
      costmap.costs[r * 20] = LETHAL_OBSTACLE;
      costmap.costs[r * 20 + 1] = INSCRIBED_INFLATED_OBSTACLE;
      costmap.costs[r * 20 + 2] = INSCRIBED_INFLATED_OBSTACLE;
    }
    for (let c = 3; c < 20; c++)
      for (const r of [11, 12, 13])
        costmap.costs[r * 20 + c] = r === 12 && c > 3 ? LETHAL_OBSTACLE : INSCRIBED_INFLATED_OBSTACLE;
    const planner = new GridPlanner({ costWeight: 3, unknownCost: 100, anyAngle: 'none' });
    expect(planner.plan(costmap, 0 * 20 + 1, 19 * 20 + 6)).toMatchObject({ ok: false, code: 'no_path' });
    // Started in the band beside the way through, it goes.
    expect(planner.plan(costmap, 12 * 20 + 2, 19 * 20 + 6).ok).toBe(true);
  });

  it('says why it cannot plan: goal occupied, outside the map, no path', () => {
    const costmap = new Costmap2D(0.05, 10, 10);
    costmap.costs[55] = LETHAL_OBSTACLE;
    const planner = new GridPlanner();
    expect(planner.plan(costmap, 0, 55)).toMatchObject({ ok: false, code: 'goal_occupied' });
    expect(planner.plan(costmap, 0, 100)).toMatchObject({ ok: false, code: 'outside_map' });
    for (let r = 0; r < 10; r++) costmap.costs[r * 10 + 5] = LETHAL_OBSTACLE;
    expect(planner.plan(costmap, 0, 9)).toMatchObject({ ok: false, code: 'no_path' });
  });
});
