/**
 * A footprint polygon beyond the round base, as Nav2's `footprint` parameter gives it
 * ("[[x, y], [x, y], ...]" in the base frame, "[]" for a round robot). The costmaps stay inflated
 * for the round base (its centre is checked against INSCRIBED); what sticks out of the circle (an
 * arm held out with something hanging from it) is checked as Nav2's footprint collision checker
 * does: a point of the outline on a LETHAL cell collides.
 */
import { type Costmap2D, LETHAL_OBSTACLE } from './Costmap2D.ts';

/** The polygon's vertices, flat [x0, y0, x1, y1, …]; empty for "[]". */
export function parseFootprint(text: string): Float64Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(
      `footprint must be a list of [x, y] points like "[[0.5, 0.1], [0.5, -0.1], …]", got '${text}'`,
    );
  }
  if (!Array.isArray(parsed)) throw new Error(`footprint must be a list of [x, y] points, got '${text}'`);
  if (parsed.length > 0 && parsed.length < 3)
    throw new Error(`footprint needs at least 3 points (or none for a round robot), got ${parsed.length}`);
  const flat = new Float64Array(2 * parsed.length);
  parsed.forEach((point: unknown, k) => {
    if (!Array.isArray(point) || point.length !== 2 || !point.every((v) => Number.isFinite(v)))
      throw new Error(`footprint point ${k} must be [x, y] in metres, got ${JSON.stringify(point)}`);
    flat[2 * k] = point[0] as number;
    flat[2 * k + 1] = point[1] as number;
  });
  return flat;
}

/** What is wrong with a footprint parameter's text, or undefined (for a parameter's `validate`). */
export function footprintProblem(text: string): string | undefined {
  try {
    parseFootprint(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Points every `spacingM` along the polygon's edges (closed), keeping those farther than
 * `baseRadiusM` from the base's centre: the rest lie inside the round base the costmap already
 * keeps clear. Flat [x0, y0, …] in the base frame.
 */
export function footprintOutline(polygon: Float64Array, baseRadiusM: number, spacingM: number): Float64Array {
  const points: number[] = [];
  const n = polygon.length / 2;
  for (let k = 0; k < n; k++) {
    const ax = polygon[2 * k]!;
    const ay = polygon[2 * k + 1]!;
    const bx = polygon[(2 * (k + 1)) % polygon.length]!;
    const by = polygon[(2 * (k + 1) + 1) % polygon.length]!;
    const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / spacingM));
    for (let j = 0; j < steps; j++) {
      const x = ax + ((bx - ax) * j) / steps;
      const y = ay + ((by - ay) * j) / steps;
      if (Math.hypot(x, y) > baseRadiusM) points.push(x, y);
    }
  }
  return Float64Array.from(points);
}

/** How many of the outline's points lie on LETHAL cells with the base at (x, y, yaw). */
export function outlineHits(
  costmap: Costmap2D,
  outline: Float64Array,
  x: number,
  y: number,
  yaw: number,
): number {
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  let hits = 0;
  for (let k = 0; k < outline.length; k += 2) {
    const px = outline[k]!;
    const py = outline[k + 1]!;
    if (costmap.costAt(x + c * px - s * py, y + s * px + c * py) === LETHAL_OBSTACLE) hits++;
  }
  return hits;
}
