/**
 * The learned grasp policy: scores every proposal (graspProposals.ts) with an ONNX network
 * trained on grasp trials in simulation (models/grasp/train.py) and returns them best first,
 * each with its predicted chance of holding as its confidence. Tries are spread: a candidate
 * goes after better ones only when it differs from each of them (the other tool, or the grasp
 * point or the jaws' direction moved), so a retry does not repeat what just failed.
 * Config: a JSON with the model (relative to the config) and the classes of its class vector.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { openOnnxModel } from '../perception/onnxSession.ts';
import type { GraspCandidate, HandGeometry } from './analyticGrasp.ts';
import { HEIGHT_MAP, HEIGHT_MAP_VALUES, SHAPE_FEATURES, writeGraspFeatures } from './graspFeatures.ts';
import { graspProposals } from './graspProposals.ts';

export interface GraspPolicyConfig {
  readonly model: string;
  readonly classes: readonly string[];
}

export interface ClassHypothesis {
  readonly name: string;
  readonly score: number;
}

/** Candidates closer than this (m) and, for the jaws, turned less than DISTINCT_TURN_RAD are the same try. */
const DISTINCT_M = 0.015;
const DISTINCT_TURN_RAD = (20 * Math.PI) / 180;

export function readGraspPolicyConfig(path: string): GraspPolicyConfig {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  if (typeof raw.model !== 'string') throw new Error(`${path}: 'model' must be the path of an .onnx file`);
  if (!Array.isArray(raw.classes) || !raw.classes.every((c) => typeof c === 'string'))
    throw new Error(`${path}: 'classes' must be a list of class names`);
  return { model: resolve(dirname(path), raw.model), classes: raw.classes as string[] };
}

export class GraspPolicy {
  /** The last `rank`: proposals and features, and the network. */
  timings = { featuresMs: 0, inferenceMs: 0 };

  private constructor(
    readonly config: GraspPolicyConfig,
    readonly session: ort.InferenceSession,
  ) {}

  static async open(configPath: string): Promise<GraspPolicy> {
    const config = readGraspPolicyConfig(configPath);
    return new GraspPolicy(config, await openOnnxModel(config.model, 'cpu', { threads: 1 }));
  }

  /** Up to `count` candidates best first; empty when the points say too little to propose any. */
  async rank(
    points: Float64Array,
    supportZ: number,
    hypotheses: readonly ClassHypothesis[],
    hand: HandGeometry,
    count: number,
  ): Promise<GraspCandidate[]> {
    const started = performance.now();
    const proposals = graspProposals(points, supportZ, hand);
    if (!proposals || proposals.candidates.length === 0) return [];
    const n = proposals.candidates.length;
    const classes = this.#classVector(hypotheses);
    const vectorSize = SHAPE_FEATURES + classes.length;
    const maps = new Float32Array(n * HEIGHT_MAP_VALUES);
    const vectors = new Float32Array(n * vectorSize);
    proposals.candidates.forEach((candidate, k) =>
      writeGraspFeatures(
        proposals.points,
        supportZ,
        proposals.footprint,
        candidate,
        classes,
        hand,
        maps,
        k * HEIGHT_MAP_VALUES,
        vectors,
        k * vectorSize,
      ),
    );
    const inferred = performance.now();
    const { cells, channels } = HEIGHT_MAP;
    const output = await this.session.run({
      height_maps: new ort.Tensor('float32', maps, [n, channels, cells, cells]),
      vectors: new ort.Tensor('float32', vectors, [n, vectorSize]),
    });
    const success = output.success!.data as Float32Array;
    this.timings = { featuresMs: inferred - started, inferenceMs: performance.now() - inferred };
    const ranked = proposals.candidates
      .map((candidate, k) => ({ ...candidate, confidence: success[k]! }))
      .sort((a, b) => b.confidence - a.confidence);
    const chosen: GraspCandidate[] = [];
    for (const candidate of ranked) {
      if (chosen.length === count) break;
      if (chosen.every((other) => distinct(candidate, other))) chosen.push(candidate);
    }
    return chosen;
  }

  /** The hypotheses' scores, normalized, in the network's class order; names it does not know are left out. */
  #classVector(hypotheses: readonly ClassHypothesis[]): Float32Array {
    const vector = new Float32Array(this.config.classes.length);
    let total = 0;
    for (const { name, score } of hypotheses) {
      const k = this.config.classes.indexOf(name);
      if (k < 0 || !(score > 0)) continue;
      vector[k] = vector[k]! + score;
      total += score;
    }
    if (total > 0) for (let k = 0; k < vector.length; k++) vector[k] = vector[k]! / total;
    return vector;
  }
}

function distinct(a: GraspCandidate, b: GraspCandidate): boolean {
  if (a.tool !== b.tool) return true;
  const apart = Math.hypot(a.position[0] - b.position[0], a.position[1] - b.position[1]) > DISTINCT_M;
  if (apart || !a.closing || !b.closing) return apart;
  // Jaws turned by π close the same way.
  const cos = Math.abs(a.closing[0] * b.closing[0] + a.closing[1] * b.closing[1]);
  return Math.acos(Math.min(1, cos)) > DISTINCT_TURN_RAD;
}
