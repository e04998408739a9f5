/**
 * The joints of a URDF (origin xyz/rpy, type, axis, limits), so the sim and the robot's own
 * algorithms compute link poses from the same file the viewer loads. Parsing with
 * `fast-xml-parser`.
 */
import { XMLParser } from 'fast-xml-parser';

export interface UrdfJoint {
  readonly name: string;
  readonly type: 'fixed' | 'revolute' | 'prismatic' | 'continuous';
  readonly parent: string;
  readonly child: string;
  readonly xyz: readonly [number, number, number];
  readonly rpy: readonly [number, number, number];
  readonly axis: readonly [number, number, number];
  readonly lower: number;
  readonly upper: number;
  /** Maximum speed (m/s or rad/s) and effort (N or N·m). */
  readonly velocity: number;
  readonly effort: number;
}

function triple(text: unknown, what: string): [number, number, number] {
  const values = String(text ?? '0 0 0')
    .trim()
    .split(/\s+/)
    .map(Number);
  if (values.length !== 3 || values.some((v) => !Number.isFinite(v)))
    throw new Error(`URDF: ${what} must be three numbers, got '${String(text)}'`);
  return values as [number, number, number];
}

export function parseUrdf(text: string): Map<string, UrdfJoint> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (_name, jpath) => jpath === 'robot.joint' || jpath === 'robot.link',
  });
  const document = parser.parse(text) as {
    robot?: { joint?: Array<Record<string, Record<string, string> | string>> };
  };
  if (!document.robot) throw new Error('URDF: no <robot> element');
  const joints = new Map<string, UrdfJoint>();
  for (const raw of document.robot.joint ?? []) {
    const name = String(raw.name);
    const origin = (raw.origin ?? {}) as Record<string, string>;
    const limit = (raw.limit ?? {}) as Record<string, string>;
    joints.set(name, {
      name,
      type: raw.type as UrdfJoint['type'],
      parent: (raw.parent as Record<string, string>).link!,
      child: (raw.child as Record<string, string>).link!,
      xyz: triple(origin.xyz, `joint ${name} origin xyz`),
      rpy: triple(origin.rpy, `joint ${name} origin rpy`),
      axis: triple((raw.axis as Record<string, string> | undefined)?.xyz ?? '1 0 0', `joint ${name} axis`),
      lower: Number(limit.lower ?? 0),
      upper: Number(limit.upper ?? 0),
      velocity: Number(limit.velocity ?? 0),
      effort: Number(limit.effort ?? 0),
    });
  }
  return joints;
}
