/**
 * The YOLOv8 / YOLO11 ONNX export layout (Ultralytics): 1 × (4 + C) × N, per anchor a box centre and
 * size in input pixels followed by C class scores (already sigmoid), no objectness. With
 * `hypothesesPerBox` > 1 a box also carries its next best classes scoring at least
 * `hypothesisThreshold` (lower than the box's own threshold, so that the doubts show).
 */
import type { ClassScore, Decoder, Detection } from '../Detection.ts';

export function yoloDecoder(
  inputWidth: number,
  inputHeight: number,
  hypothesesPerBox = 1,
  hypothesisThreshold = 0,
): Decoder {
  return {
    decode(output, dims, scoreThreshold) {
      if (dims.length !== 3 || dims[0] !== 1 || dims[1]! < 5)
        throw new Error(`YOLO output must be 1×(4+C)×N, got ${dims.join('×')}`);
      const channels = dims[1]!;
      const anchors = dims[2]!;
      const detections: Detection[] = [];
      for (let a = 0; a < anchors; a++) {
        let classId = 0;
        let score = -Infinity;
        for (let c = 4; c < channels; c++) {
          const s = output[c * anchors + a]!;
          if (s > score) {
            score = s;
            classId = c - 4;
          }
        }
        if (score < scoreThreshold) continue;
        const cx = output[a]! / inputWidth;
        const cy = output[anchors + a]! / inputHeight;
        const w = output[2 * anchors + a]! / inputWidth;
        const h = output[3 * anchors + a]! / inputHeight;
        const box = { classId, score, x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2 };
        detections.push(
          hypothesesPerBox > 1
            ? {
                ...box,
                alternatives: runnersUp(
                  output,
                  channels,
                  anchors,
                  a,
                  classId,
                  hypothesesPerBox - 1,
                  hypothesisThreshold,
                ),
              }
            : box,
        );
      }
      return detections;
    },
  };
}

/** The `count` best classes of anchor `a` other than `best`, scoring at least `threshold`. */
function runnersUp(
  output: Float32Array,
  channels: number,
  anchors: number,
  a: number,
  best: number,
  count: number,
  threshold: number,
): ClassScore[] {
  const found: ClassScore[] = [];
  for (let c = 0; c < channels - 4; c++) {
    const score = output[(c + 4) * anchors + a]!;
    if (c === best || score < threshold) continue;
    if (found.length === count) {
      if (score <= found[count - 1]!.score) continue;
      found.pop();
    }
    let at = found.length;
    while (at > 0 && found[at - 1]!.score < score) at--;
    found.splice(at, 0, { classId: c, score });
  }
  return found;
}
