/**
 * The global planner: A* on the costmap's 8-connected grid, cost-aware as Nav2's NavFn/Smac 2D
 * are: a step costs its length times (1 + costWeight·cost/252), so plans keep clear of
 * furniture where the room allows and squeeze through a gap where it does not. Cells at or above
 * INSCRIBED are impassable; unknown cells cost `unknownCost` (the robot may plan into parts of
 * the room SLAM has not seen). `anyAngle: 'theta_star'` relaxes the grid's 45° turns by
 * line-of-sight parents (Theta*, Nash et al. 2007) for straighter plans; 'none' keeps the grid
 * path and leaves straightening to the smoother. Typed arrays, no allocation per cell; search
 * state is reused across plans by generation stamps.
 */
import { MinHeap } from '../common/MinHeap.ts';
import { Costmap2D, INSCRIBED_INFLATED_OBSTACLE, LETHAL_OBSTACLE, NO_INFORMATION } from './Costmap2D.ts';
import { lineCost } from './lineCost.ts';

export interface GridPlannerOptions {
  readonly costWeight: number;
  readonly unknownCost: number;
  readonly anyAngle: 'theta_star' | 'none';
  /**
   * How far from the start a plan may run inside an inscribed band it starts in (m): far enough
   * to leave the band straight (its width is the robot's inscribed radius), no further.
   */
  readonly escapeRadiusM: number;
}

export const DEFAULT_GRID_PLANNER: GridPlannerOptions = {
  costWeight: 3,
  unknownCost: 100,
  anyAngle: 'theta_star',
  escapeRadiusM: 0.3,
};

export type PlanResult =
  | { readonly ok: true; readonly cells: Int32Array; readonly cost: number; readonly expanded: number }
  | {
      readonly ok: false;
      readonly code: 'start_occupied' | 'goal_occupied' | 'outside_map' | 'no_path';
      readonly message: string;
    };

const NEIGHBOURS_DC = [1, -1, 0, 0, 1, 1, -1, -1];
const NEIGHBOURS_DR = [0, 0, 1, -1, 1, -1, 1, -1];

export class GridPlanner {
  #g = new Float64Array(0);
  #parent = new Int32Array(0);
  #stamp = new Uint32Array(0);
  #closed = new Uint32Array(0);
  #generation = 0;
  readonly #heap = new MinHeap();

  readonly options: GridPlannerOptions;

  /** Options left out take DEFAULT_GRID_PLANNER's. */
  constructor(options: Partial<GridPlannerOptions> = {}) {
    this.options = { ...DEFAULT_GRID_PLANNER, ...options };
  }

  /** The cost factor of entering a cell of `cost` (1 for free space), or Infinity if impassable. */
  stepFactor(cost: number): number {
    if (cost === NO_INFORMATION) return 1 + (this.options.costWeight * this.options.unknownCost) / 252;
    if (cost >= INSCRIBED_INFLATED_OBSTACLE) return Infinity;
    return 1 + (this.options.costWeight * cost) / 252;
  }

  /** Plans from cell `start` to cell `goal` (indices into the costmap). */
  plan(costmap: Costmap2D, start: number, goal: number): PlanResult {
    const { width, height, costs } = costmap;
    const cells = width * height;
    if (start < 0 || goal < 0 || start >= cells || goal >= cells)
      return { ok: false, code: 'outside_map', message: 'the start or the goal is outside the costmap' };
    if (costs[start] === LETHAL_OBSTACLE)
      return { ok: false, code: 'start_occupied', message: 'the start is inside an obstacle' };
    if (!Number.isFinite(this.stepFactor(costs[goal]!)))
      return { ok: false, code: 'goal_occupied', message: 'the goal is inside an obstacle or its inflation' };
    this.#ensure(cells);
    const generation = ++this.#generation;
    const g = this.#g;
    const parent = this.#parent;
    const stamp = this.#stamp;
    const closed = this.#closed;
    const goalC = goal % width;
    const goalR = (goal - goalC) / width;
    const heuristic = (cell: number) => {
      const dc = Math.abs((cell % width) - goalC);
      const dr = Math.abs(Math.floor(cell / width) - goalR);
      return Math.max(dc, dr) + (Math.SQRT2 - 1) * Math.min(dc, dr);
    };
    this.#heap.clear();
    g[start] = 0;
    parent[start] = start;
    stamp[start] = generation;
    this.#heap.push(heuristic(start), start);
    let expanded = 0;
    const thetaStar = this.options.anyAngle === 'theta_star';
    const startC = start % width;
    const startR = (start - startC) / width;
    const escapeCells = this.options.escapeRadiusM / costmap.resolutionM;
    while (this.#heap.size > 0) {
      const cell = this.#heap.pop();
      if (closed[cell] === generation) continue;
      closed[cell] = generation;
      expanded++;
      if (cell === goal) return { ok: true, cells: this.#trace(goal), cost: g[goal]!, expanded };
      const c = cell % width;
      const r = (cell - c) / width;
      const gCell = g[cell]!;
      const up = parent[cell]!;
      // A start inside the inscribed band (the robot put close to furniture to work there) may
      // leave it where the cost does not rise, as the controller may (rolloutClear); only a cell
      // already in that band and within escapeRadiusM of the start is expanded that way, so no
      // path runs along a band: from a stand between two items on the floor, one ran 35 cm
      // through the gap between them, which the base could not pass.
      const cellCost = costs[cell]!;
      const escaping =
        cellCost >= INSCRIBED_INFLATED_OBSTACLE &&
        cellCost < LETHAL_OBSTACLE &&
        Math.hypot(c - startC, r - startR) < escapeCells;
      for (let k = 0; k < 8; k++) {
        const nc = c + NEIGHBOURS_DC[k]!;
        const nr = r + NEIGHBOURS_DR[k]!;
        if (nc < 0 || nr < 0 || nc >= width || nr >= height) continue;
        const next = nr * width + nc;
        if (closed[next] === generation) continue;
        let factor = this.stepFactor(costs[next]!);
        if (!Number.isFinite(factor)) {
          const nextCost = costs[next]!;
          if (!escaping || nextCost > cellCost || nextCost >= LETHAL_OBSTACLE) continue;
          factor = this.stepFactor(INSCRIBED_INFLATED_OBSTACLE - 1);
        }
        let from = cell;
        let tentative = gCell + (k < 4 ? 1 : Math.SQRT2) * factor;
        if (thetaStar && up !== cell) {
          // Theta*: reach `next` straight from the grandparent when the line is clear and cheaper.
          const viaParent = g[up]! + lineCost(costmap, up, next, this);
          if (viaParent <= tentative) {
            tentative = viaParent;
            from = up;
          }
        }
        if (stamp[next] !== generation || tentative < g[next]!) {
          stamp[next] = generation;
          g[next] = tentative;
          parent[next] = from;
          this.#heap.push(tentative + heuristic(next), next);
        }
      }
    }
    return { ok: false, code: 'no_path', message: 'no collision-free path joins the start and the goal' };
  }

  #trace(goal: number): Int32Array {
    let length = 1;
    for (let cell = goal; this.#parent[cell] !== cell; cell = this.#parent[cell]!) length++;
    const out = new Int32Array(length);
    let cell = goal;
    for (let k = length - 1; k >= 0; k--) {
      out[k] = cell;
      cell = this.#parent[cell]!;
    }
    return out;
  }

  #ensure(cells: number): void {
    if (this.#g.length >= cells) return;
    this.#g = new Float64Array(cells);
    this.#parent = new Int32Array(cells);
    this.#stamp = new Uint32Array(cells);
    this.#closed = new Uint32Array(cells);
    this.#heap.reserve(cells * 8 + 1);
    this.#generation = 0;
  }
}
