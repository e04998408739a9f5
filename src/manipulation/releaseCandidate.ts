/**
 * Where the tool lets go of what it holds so the item lands on a point of a surface: the hand
 * pointing down, or tipped by `tiltRad` towards `towardsYaw` (the way it reaches over a high top).
 * What the tool holds hangs `heightM` along its axis; tipped, its lowest corner hangs lower by up
 * to its half-width, and the item's bottom is let go `aboveM` over the top. The jaws close in the
 * arm's own plane (along `towardsYaw`, square to the approach): the arm's swing from the carry
 * pose turns the hand about an axis across that plane, which the pads' faces resist, where an
 * item held between jaws closing along that axis would pivot out. The cup, hand down, turns an
 * elongated item to lie along the side it is put down from.
 */
import type { GraspCandidate, HandGeometry } from './analyticGrasp.ts';

export interface HeldItem {
  readonly tool: GraspCandidate['tool'];
  /** How far below the tool point the item's bottom hangs (m): the tool's height above the support at the pick. */
  readonly heightM: number;
  /** Half the item's larger horizontal extent as seen at the pick (m). */
  readonly halfWidthM: number;
  /**
   * An elongated item on the cup: its long axis's angle from the palm's y axis (rad, either way
   * round) and half its short side (m). The cup turns it to lie along the side it is put down
   * from: a shoe sealed end-on to a 30 cm shoe rack hung over its back against the wall.
   */
  readonly axisInPalm?: { readonly rad: number; readonly halfShortM: number };
  /**
   * The jaws' axes (map frame) at the grasp: leaned over (tiltedGrasp), the item hangs turned by
   * that lean, and a release with the hand leaned the same way again sets it down as it stood.
   */
  readonly jawsAtGrasp?: {
    readonly approach: readonly [number, number, number];
    readonly closing: readonly [number, number, number];
  };
}

/** Leaned less than this from straight down (rad), a grasp turns the item too little to set back. */
const MIN_RESTORED_LEAN_RAD = (10 * Math.PI) / 180;

export function releaseCandidate(
  held: HeldItem,
  release: readonly [number, number, number],
  tiltRad: number,
  towardsYaw: number,
  aboveM: number,
  hand: HandGeometry,
): GraspCandidate {
  const approach = [
    Math.sin(tiltRad) * Math.cos(towardsYaw),
    Math.sin(tiltRad) * Math.sin(towardsYaw),
    -Math.cos(tiltRad),
  ] as const;
  const lowest = held.heightM * Math.cos(tiltRad) + held.halfWidthM * Math.sin(tiltRad);
  return {
    tool: held.tool,
    position: [
      release[0] - approach[0] * held.heightM,
      release[1] - approach[1] * held.heightM,
      release[2] + lowest + aboveM,
    ],
    approach,
    ...(held.tool === 'gripper'
      ? {
          closing: [
            Math.cos(tiltRad) * Math.cos(towardsYaw),
            Math.cos(tiltRad) * Math.sin(towardsYaw),
            Math.sin(tiltRad),
          ] as const,
        }
      : held.axisInPalm && tiltRad === 0
        ? { closing: horizontal(towardsYaw + Math.PI / 2 - held.axisInPalm.rad) }
        : {}),
    openingM: hand.maxOpeningM,
    confidence: 1,
  };
}

/** The palm's y axis (the cup's "closing" for IK: its roll) pointing along `yaw`. */
function horizontal(yaw: number): readonly [number, number, number] {
  return [Math.cos(yaw), Math.sin(yaw), 0];
}

/**
 * The release that sets an item held from a leaned grasp down as it stood when picked (a cup
 * taken from the side stands upright again; hand down it would lie on its side): the jaws' axes
 * as at the grasp, turned about the vertical so the lean points along `towardsYaw`, the grip
 * point `heightM` over the item's bottom as it was, that bottom `aboveM` over the top at
 * `release`. Undefined for a grasp leaned less than MIN_RESTORED_LEAN_RAD (the hand-down
 * release already keeps the item as it stood) or one not taken with the jaws.
 */
export function restoringRelease(
  held: HeldItem,
  release: readonly [number, number, number],
  towardsYaw: number,
  aboveM: number,
  hand: HandGeometry,
): GraspCandidate | undefined {
  const grasp = held.jawsAtGrasp;
  if (!grasp || Math.acos(Math.min(1, -grasp.approach[2])) < MIN_RESTORED_LEAN_RAD) return undefined;
  const turn = towardsYaw - Math.atan2(grasp.approach[1], grasp.approach[0]);
  const c = Math.cos(turn);
  const s = Math.sin(turn);
  const turned = ([x, y, z]: readonly [number, number, number]) => [c * x - s * y, s * x + c * y, z] as const;
  return {
    tool: held.tool,
    position: [release[0], release[1], release[2] + held.heightM + aboveM],
    approach: turned(grasp.approach),
    closing: turned(grasp.closing),
    openingM: hand.maxOpeningM,
    confidence: 1,
  };
}
