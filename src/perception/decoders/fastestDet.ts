/**
 * FastestDet's output (1 × (1 + 4 + C) × H × W; github.com/dog-qiuqiu/FastestDet): per grid cell an
 * objectness already through a sigmoid, four box terms, and class probabilities already through a
 * softmax. Score = obj^0.6 · cls^0.4; the centre is the cell plus tanh offsets, the size sigmoid
 * fractions of the input — as the project's own runtime demo decodes it.
 */
import type { Decoder, Detection } from '../Detection.ts';

export const fastestDetDecoder: Decoder = {
  decode(output, dims, scoreThreshold) {
    if (dims.length !== 4 || dims[0] !== 1 || dims[1]! < 6)
      throw new Error(`FastestDet output must be 1×(5+C)×H×W, got ${dims.join('×')}`);
    const channels = dims[1]!;
    const height = dims[2]!;
    const width = dims[3]!;
    const plane = height * width;
    const detections: Detection[] = [];
    for (let h = 0; h < height; h++) {
      for (let w = 0; w < width; w++) {
        const cell = h * width + w;
        const objectness = output[cell]!;
        let classId = 0;
        let classScore = -Infinity;
        for (let c = 5; c < channels; c++) {
          const p = output[c * plane + cell]!;
          if (p > classScore) {
            classScore = p;
            classId = c - 5;
          }
        }
        const score = objectness ** 0.6 * Math.max(classScore, 0) ** 0.4;
        if (score < scoreThreshold) continue;
        const cx = (w + Math.tanh(output[plane + cell]!)) / width;
        const cy = (h + Math.tanh(output[2 * plane + cell]!)) / height;
        const bw = sigmoid(output[3 * plane + cell]!);
        const bh = sigmoid(output[4 * plane + cell]!);
        detections.push({
          classId,
          score,
          x1: cx - bw / 2,
          y1: cy - bh / 2,
          x2: cx + bw / 2,
          y2: cy + bh / 2,
        });
      }
    }
    return detections;
  },
};

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
