/**
 * Objects in the map frame fused over time and across cameras. Each observation (the detector's
 * class hypotheses by name, best first, so cameras with different label sets meet on the names
 * they share; centroid with diagonal covariance; extent) joins, by a per-axis
 * Kalman update, the nearest object (Mahalanobis) that is either within the gate and agrees with
 * one of its hypotheses, or shares its footprint on the floor (two items cannot: the head camera's
 * many sightings make an object's variance small, and a ceiling camera's placement of the same
 * item a few centimetres off would otherwise fall outside the gate); else it starts a new object.
 * Cameras may name one item differently (the head camera's RGB-D stage and the ceiling's RGB
 * detector: sock or glove), so an object keeps, per camera, the scores of every class it was
 * given. Its classes are ranked by each camera's mean score, averaged over the cameras: a static
 * ceiling camera sees an item in every frame from one place, and its repeated sightings are one
 * opinion, not many.
 *
 * An object is forgotten on evidence that it is gone, not for being out of sight: a tidy-up robot
 * must remember the sock behind it. After each frame, every object the camera should have shown
 * (CameraView) but did not detect counts a miss for that camera. With h sightings and m misses
 * so far by a camera, the chance it misses the object while it is there is taken as
 * 1 − (h + 1) / (h + m + 2) (Laplace's rule on the camera's own record with it); the misses since
 * the object was last seen by any camera multiply these chances, and once the product falls below
 * 1 / FORGET_ODDS the object is forgotten. A camera that never detected an object vouches for
 * nothing about it (an item under a table, hidden from a ceiling camera without depth), so only
 * cameras with a sighting count misses.
 */
import type { ObjectEstimate } from './localizeObject.ts';

export interface ClassHypothesis {
  readonly className: string;
  readonly score: number;
}

export interface MappedObject {
  readonly id: number;
  /** The first of `ObjectMap#hypotheses`. */
  className: string;
  score: number;
  readonly centroid: Float64Array;
  readonly variance: Float64Array;
  readonly extent: Float64Array;
  lastSeenS: number;
  /**
   * Per camera: its sightings of the object, the frames that should have shown it but did not,
   * and its summed scores per class.
   */
  readonly record: Map<string, CameraRecord>;
  /** −log P(the misses since the last sighting | the object is there). */
  goneEvidence: number;
}

export interface CameraRecord {
  hits: number;
  misses: number;
  readonly evidence: Map<string, number>;
}

/** χ² with 3 degrees of freedom at 99 %. */
const GATE_CHI2 = 11.34;
/** Variance added per second since the last sighting (m²/s): the object may have been moved. */
const PROCESS_NOISE = 1e-5;
/** Forgotten once its misses are this much likelier if it is gone than if it is there. */
const FORGET_ODDS = 100;

export class ObjectMap {
  readonly #objects: MappedObject[] = [];
  #nextId = 1;

  /**
   * `namingWeights`: per camera, the weight of its opinion on an object's class (1 where absent):
   * a camera with depth, whose item classifier sees size, names better than one without.
   */
  constructor(readonly namingWeights: ReadonlyMap<string, number> = new Map()) {
    for (const [camera, weight] of namingWeights)
      if (!(weight > 0)) throw new Error(`naming weight of ${camera} must be positive, got ${weight}`);
  }

  get objects(): readonly MappedObject[] {
    return this.#objects;
  }

  /**
   * Per class, each camera's mean score over its sightings, averaged over the cameras by their
   * naming weights; best first.
   */
  hypotheses(object: MappedObject): ClassHypothesis[] {
    const scores = new Map<string, number>();
    let totalWeight = 0;
    for (const [camera, { hits, evidence }] of object.record) {
      const weight = this.namingWeights.get(camera) ?? 1;
      totalWeight += weight;
      for (const [className, sum] of evidence)
        scores.set(className, (scores.get(className) ?? 0) + (weight * sum) / hits);
    }
    return [...scores]
      .map(([className, score]) => ({ className, score: score / totalWeight }))
      .sort((a, b) => b.score - a.score);
  }

  /** Adds `camera`'s sighting at `timeS`; returns the object it joined or started. */
  observe(
    timeS: number,
    camera: string,
    hypotheses: readonly ClassHypothesis[],
    estimate: ObjectEstimate,
  ): MappedObject {
    if (hypotheses.length === 0) throw new Error('an observation needs at least one class hypothesis');
    let best: MappedObject | undefined;
    let bestDistance = Infinity;
    for (const object of this.#objects) {
      let d2 = 0;
      for (let a = 0; a < 3; a++) {
        const e = estimate.centroid[a]! - object.centroid[a]!;
        d2 += (e * e) / (object.variance[a]! + estimate.variance[a]!);
      }
      const gatedAndNamedAlike = d2 < GATE_CHI2 && hypotheses.some((h) => wasNamed(object, h.className));
      if (!gatedAndNamedAlike && !sharesFootprint(object, estimate)) continue;
      if (d2 < bestDistance) {
        best = object;
        bestDistance = d2;
      }
    }
    if (best) {
      const drift = PROCESS_NOISE * Math.max(0, timeS - best.lastSeenS);
      for (let a = 0; a < 3; a++) {
        const prior = best.variance[a]! + drift;
        const gain = prior / (prior + estimate.variance[a]!);
        best.centroid[a]! += gain * (estimate.centroid[a]! - best.centroid[a]!);
        best.variance[a] = (1 - gain) * prior;
        best.extent[a] = Math.max(best.extent[a]!, estimate.extent[a]!);
      }
      best.lastSeenS = Math.max(best.lastSeenS, timeS);
    } else {
      best = {
        id: this.#nextId++,
        className: hypotheses[0]!.className,
        score: hypotheses[0]!.score,
        centroid: Float64Array.from(estimate.centroid),
        variance: Float64Array.from(estimate.variance),
        extent: Float64Array.from(estimate.extent),
        lastSeenS: timeS,
        record: new Map(),
        goneEvidence: 0,
      };
      this.#objects.push(best);
    }
    let record = best.record.get(camera);
    if (!record) best.record.set(camera, (record = { hits: 0, misses: 0, evidence: new Map() }));
    record.hits++;
    best.goneEvidence = 0;
    for (const { className, score } of hypotheses)
      record.evidence.set(className, (record.evidence.get(className) ?? 0) + score);
    const [strongest] = this.hypotheses(best);
    best.className = strongest!.className;
    best.score = strongest!.score;
    return best;
  }

  /**
   * After one of `camera`'s frames: each object it has detected before, did not detect in this
   * frame (`seen`) and should have (`shows`) counts a miss; objects whose misses make them likely
   * gone are forgotten.
   */
  missed(camera: string, seen: ReadonlySet<MappedObject>, shows: (object: MappedObject) => boolean): void {
    for (let k = this.#objects.length - 1; k >= 0; k--) {
      const object = this.#objects[k]!;
      const record = object.record.get(camera);
      if (!record || seen.has(object) || !shows(object)) continue;
      const detectionChance = (record.hits + 1) / (record.hits + record.misses + 2);
      record.misses++;
      object.goneEvidence -= Math.log(1 - detectionChance);
      if (object.goneEvidence > Math.log(FORGET_ODDS)) this.#objects.splice(k, 1);
    }
  }
}

/** Whether any camera gave the object this class among its hypotheses. */
function wasNamed(object: MappedObject, className: string): boolean {
  for (const record of object.record.values()) if (record.evidence.has(className)) return true;
  return false;
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
