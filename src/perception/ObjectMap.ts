/**
 * Objects in the map frame fused over time and across cameras. Each observation (the detector's
 * class hypotheses, best first; centroid with diagonal covariance; extent) joins, by a per-axis
 * Kalman update, the nearest object (Mahalanobis) that is either within the gate and agrees with
 * one of its hypotheses, or shares its footprint on the floor (two items cannot: the head camera's
 * many sightings make an object's variance small, and a ceiling camera's placement of the same
 * item a few centimetres off would otherwise fall outside the gate); else it starts a new object.
 * Cameras may name one item differently (the head camera's RGB-D stage and the ceiling's RGB
 * detector: sock or glove), so an object keeps the evidence for every class it was given, and its
 * class is the one with the most. Objects unseen for `maxAgeS` are forgotten, so things that were
 * moved do not linger.
 */
import type { ObjectEstimate } from './localizeObject.ts';

export interface ClassHypothesis {
  readonly classId: number;
  readonly score: number;
}

export interface MappedObject {
  readonly id: number;
  /** The class with the most evidence, and its mean score over the sightings. */
  classId: number;
  score: number;
  /** Summed scores per class over the sightings. */
  readonly classEvidence: Map<number, number>;
  readonly centroid: Float64Array;
  readonly variance: Float64Array;
  readonly extent: Float64Array;
  observations: number;
  lastSeenS: number;
}

/** χ² with 3 degrees of freedom at 99 %. */
const GATE_CHI2 = 11.34;
/** Variance added per second since the last sighting (m²/s): the object may have been moved. */
const PROCESS_NOISE = 1e-5;

export class ObjectMap {
  readonly #objects: MappedObject[] = [];
  #nextId = 1;

  constructor(readonly maxAgeS = 30) {}

  get objects(): readonly MappedObject[] {
    return this.#objects;
  }

  /** Mean score per class over the object's sightings, best first. */
  static hypotheses(object: MappedObject): ClassHypothesis[] {
    return [...object.classEvidence]
      .map(([classId, evidence]) => ({ classId, score: evidence / object.observations }))
      .sort((a, b) => b.score - a.score);
  }

  observe(timeS: number, hypotheses: readonly ClassHypothesis[], estimate: ObjectEstimate): MappedObject {
    if (hypotheses.length === 0) throw new Error('an observation needs at least one class hypothesis');
    let best: MappedObject | undefined;
    let bestDistance = Infinity;
    for (const object of this.#objects) {
      let d2 = 0;
      for (let a = 0; a < 3; a++) {
        const e = estimate.centroid[a]! - object.centroid[a]!;
        d2 += (e * e) / (object.variance[a]! + estimate.variance[a]!);
      }
      const gatedAndNamedAlike =
        d2 < GATE_CHI2 && hypotheses.some((h) => object.classEvidence.has(h.classId));
      if (!gatedAndNamedAlike && !sharesFootprint(object, estimate)) continue;
      if (d2 < bestDistance) {
        best = object;
        bestDistance = d2;
      }
    }
    if (!best) {
      const created: MappedObject = {
        id: this.#nextId++,
        classId: hypotheses[0]!.classId,
        score: hypotheses[0]!.score,
        classEvidence: new Map(hypotheses.map((h) => [h.classId, h.score])),
        centroid: Float64Array.from(estimate.centroid),
        variance: Float64Array.from(estimate.variance),
        extent: Float64Array.from(estimate.extent),
        observations: 1,
        lastSeenS: timeS,
      };
      this.#objects.push(created);
      return created;
    }
    const drift = PROCESS_NOISE * Math.max(0, timeS - best.lastSeenS);
    for (let a = 0; a < 3; a++) {
      const prior = best.variance[a]! + drift;
      const gain = prior / (prior + estimate.variance[a]!);
      best.centroid[a]! += gain * (estimate.centroid[a]! - best.centroid[a]!);
      best.variance[a] = (1 - gain) * prior;
      best.extent[a] = Math.max(best.extent[a]!, estimate.extent[a]!);
    }
    best.observations++;
    best.lastSeenS = Math.max(best.lastSeenS, timeS);
    for (const { classId, score } of hypotheses)
      best.classEvidence.set(classId, (best.classEvidence.get(classId) ?? 0) + score);
    const [strongest] = ObjectMap.hypotheses(best);
    best.classId = strongest!.classId;
    best.score = strongest!.score;
    return best;
  }

  /** Forgets objects not seen since `timeS − maxAgeS`. */
  prune(timeS: number): void {
    for (let k = this.#objects.length - 1; k >= 0; k--)
      if (timeS - this.#objects[k]!.lastSeenS > this.maxAgeS) this.#objects.splice(k, 1);
  }
}

/**
 * Whether the centroids of the sighting and the object lie within each other's footprints (the
 * smaller one's, as a ceiling camera's footprints are loose): two items cannot, so it is the same
 * item whatever either camera named it.
 */
function sharesFootprint(object: MappedObject, estimate: ObjectEstimate): boolean {
  for (let a = 0; a < 2; a++) {
    const halfExtent = Math.min(object.extent[a]!, estimate.extent[a]!) / 2;
    if (Math.abs(estimate.centroid[a]! - object.centroid[a]!) >= halfExtent) return false;
  }
  return true;
}
