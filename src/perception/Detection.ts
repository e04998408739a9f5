/** A class and its score. */
export interface ClassScore {
  readonly classId: number;
  readonly score: number;
}

/** One detected object: a box in pixels of the source image, its best class and score. */
export interface Detection extends ClassScore {
  /** Box corners in source-image pixels. */
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** The next most likely classes for the same box, best first, each scoring at least the
   * config's `hypothesisThreshold` (`hypothesesPerBox` > 1): look-alike items stay open for the robot. */
  readonly alternatives?: readonly ClassScore[];
}

/** A decoder turns a model's raw output into detections in the model input's normalized [0, 1] coordinates. */
export interface Decoder {
  decode(output: Float32Array, dims: readonly number[], scoreThreshold: number): Detection[];
}

/** Every class hypothesis of each detection as a detection of its own (for scoring them all). */
export function allHypotheses(detections: readonly Detection[]): Detection[] {
  return detections.flatMap((d) => [
    d,
    ...(d.alternatives ?? []).map((a) => ({ ...d, ...a, alternatives: [] })),
  ]);
}
