/**
 * The YOLOv8 / YOLO11 ONNX export layout (Ultralytics): 1 × (4 + C) × N, per anchor a box centre and
 * size in input pixels followed by C class scores (already sigmoid), no objectness.
 */
import type { Decoder, Detection } from '../Detection.ts';

export function yoloDecoder(inputWidth: number, inputHeight: number): Decoder {
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
        detections.push({ classId, score, x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2 });
      }
      return detections;
    },
  };
}
