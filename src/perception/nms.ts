/** Class-aware non-maximum suppression: within each class, drop boxes overlapping a better one by more than `iouThreshold`. */
import type { Detection } from './Detection.ts';

export function intersectionOverUnion(a: Detection, b: Detection): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const intersection = w * h;
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - intersection;
  return union > 0 ? intersection / union : 0;
}

export function nonMaximumSuppression(detections: readonly Detection[], iouThreshold: number): Detection[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const candidate of sorted) {
    if (
      kept.every(
        (k) => k.classId !== candidate.classId || intersectionOverUnion(k, candidate) <= iouThreshold,
      )
    )
      kept.push(candidate);
  }
  return kept;
}
