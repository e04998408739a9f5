/** One detected object: a box in pixels of the source image, its class and score. */
export interface Detection {
  readonly classId: number;
  readonly score: number;
  /** Box corners in source-image pixels. */
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** A decoder turns a model's raw output into detections in the model input's normalized [0, 1] coordinates. */
export interface Decoder {
  decode(output: Float32Array, dims: readonly number[], scoreThreshold: number): Detection[];
}
