/**
 * Detector accuracy as COCO reports it: per class, detections sorted by score are matched
 * greedily to unmatched ground-truth boxes of that class at IoU ≥ t; AP is the area under the
 * precision envelope (all-point interpolation); mAP averages AP over the classes that have ground
 * truth, and mAP@0.5:0.95 averages mAP over t = 0.50, 0.55, … 0.95.
 */
import type { Detection } from './Detection.ts';
import { intersectionOverUnion } from './nms.ts';

export interface Box {
  readonly classId: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export const COCO_IOU_THRESHOLDS = Array.from({ length: 10 }, (_, k) => 0.5 + 0.05 * k);

export class DetectionScorer {
  readonly #detections: Array<{ image: number; detection: Detection }> = [];
  readonly #truths: Box[][] = [];

  /** Adds one image: its detections and its ground-truth boxes. */
  add(detections: readonly Detection[], truths: readonly Box[]): void {
    const image = this.#truths.length;
    this.#truths.push([...truths]);
    for (const detection of detections) this.#detections.push({ image, detection });
  }

  /** AP per class id (classes with ground truth only) at one IoU threshold. */
  averagePrecision(iouThreshold: number): Map<number, number> {
    const truthCount = new Map<number, number>();
    for (const truths of this.#truths)
      for (const t of truths) truthCount.set(t.classId, (truthCount.get(t.classId) ?? 0) + 1);
    const result = new Map<number, number>();
    for (const [classId, total] of truthCount) {
      const used = this.#truths.map((truths) => truths.map(() => false));
      const ranked = this.#detections
        .filter((d) => d.detection.classId === classId)
        .sort((a, b) => b.detection.score - a.detection.score);
      const hits = ranked.map(({ image, detection }) => {
        let best = -1;
        let bestIou = iouThreshold;
        this.#truths[image]!.forEach((truth, j) => {
          if (truth.classId !== classId || used[image]![j]) return;
          const iou = intersectionOverUnion(truth as Detection, detection);
          if (iou >= bestIou) {
            best = j;
            bestIou = iou;
          }
        });
        if (best >= 0) used[image]![best] = true;
        return best >= 0;
      });
      result.set(classId, areaUnderEnvelope(hits, total));
    }
    return result;
  }

  /** mAP at one threshold. */
  meanAveragePrecision(iouThreshold: number): number {
    const aps = [...this.averagePrecision(iouThreshold).values()];
    return aps.length === 0 ? NaN : aps.reduce((a, b) => a + b, 0) / aps.length;
  }

  /** COCO's mAP@0.5:0.95. */
  cocoMeanAveragePrecision(): number {
    const maps = COCO_IOU_THRESHOLDS.map((t) => this.meanAveragePrecision(t));
    return maps.reduce((a, b) => a + b, 0) / maps.length;
  }
}

/** Area under the precision envelope of a ranked hit list over `total` positives. */
function areaUnderEnvelope(hits: readonly boolean[], total: number): number {
  const precision = new Float64Array(hits.length);
  const recall = new Float64Array(hits.length);
  let truePositives = 0;
  hits.forEach((hit, k) => {
    if (hit) truePositives++;
    precision[k] = truePositives / (k + 1);
    recall[k] = truePositives / total;
  });
  for (let k = hits.length - 2; k >= 0; k--) precision[k] = Math.max(precision[k]!, precision[k + 1]!);
  let area = 0;
  let previousRecall = 0;
  for (let k = 0; k < hits.length; k++) {
    if (!hits[k]) continue;
    area += (recall[k]! - previousRecall) * precision[k]!;
    previousRecall = recall[k]!;
  }
  return area;
}
