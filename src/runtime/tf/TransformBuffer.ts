/**
 * A tf2-style transform buffer: a tree of frames, each link `parent_T_child` stored as a
 * time-ordered history (or one static value). `lookupTransform(target, source, time)` returns
 * `target_T_source`, interpolating each link at `time` (translation linearly, rotation by
 * slerp). Time 0 means "the latest time all links of the chain have in common", as in tf2.
 * Errors name the frame or link that is missing or out of range.
 */
import * as quaternion from '../../geometry/quaternion.ts';
import type { geometry_msgs } from '../../messages/types.generated.ts';
import { Time } from '../Time.ts';

interface Sample {
  readonly timeNs: bigint;
  readonly translation: Float64Array;
  readonly rotation: Float64Array;
}

interface Link {
  readonly parent: string;
  readonly samples: Sample[];
  readonly isStatic: boolean;
}

export class TransformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransformError';
  }
}

const DEFAULT_CACHE_NS = 10_000_000_000n;

export class TransformBuffer {
  readonly #links = new Map<string, Link>();

  constructor(private readonly cacheTimeNs: bigint = DEFAULT_CACHE_NS) {}

  setTransform(transform: geometry_msgs.msg.TransformStamped, kind: 'dynamic' | 'static' = 'dynamic'): void {
    const parent = stripSlash(transform.header.frame_id);
    const child = stripSlash(transform.child_frame_id);
    if (!parent || !child)
      throw new TransformError(`transform with empty frame id (parent '${parent}', child '${child}')`);
    if (parent === child) throw new TransformError(`transform from '${parent}' to itself`);
    const { translation: t, rotation: r } = transform.transform;
    const values = [t.x, t.y, t.z, r.x, r.y, r.z, r.w];
    if (!values.every(Number.isFinite))
      throw new TransformError(`transform ${parent} → ${child} has a non-finite value`);
    const rotation = quaternion.normalize(new Float64Array(4), [r.x, r.y, r.z, r.w]);
    const sample: Sample = {
      timeNs: Time.fromMsg(transform.header.stamp).nanoseconds,
      translation: Float64Array.of(t.x, t.y, t.z),
      rotation,
    };
    let link = this.#links.get(child);
    const isStatic = kind === 'static';
    if (!link || link.parent !== parent || link.isStatic !== isStatic) {
      link = { parent, samples: [], isStatic };
      this.#links.set(child, link);
    }
    if (isStatic) {
      link.samples.length = 0;
      link.samples.push(sample);
      return;
    }
    const samples = link.samples;
    let index = samples.length;
    while (index > 0 && samples[index - 1]!.timeNs > sample.timeNs) index--;
    if (index > 0 && samples[index - 1]!.timeNs === sample.timeNs) samples[index - 1] = sample;
    else samples.splice(index, 0, sample);
    const oldest = samples[samples.length - 1]!.timeNs - this.cacheTimeNs;
    while (samples.length > 1 && samples[0]!.timeNs < oldest) samples.shift();
  }

  frames(): string[] {
    const names = new Set<string>();
    for (const [child, link] of this.#links) {
      names.add(child);
      names.add(link.parent);
    }
    return [...names].sort();
  }

  canTransform(target: string, source: string, time: Time | bigint = 0n): boolean {
    try {
      this.lookupTransform(target, source, time);
      return true;
    } catch (error) {
      if (error instanceof TransformError) return false;
      throw error;
    }
  }

  /** `target_T_source` at `time` (0 = latest common time). */
  lookupTransform(
    targetFrame: string,
    sourceFrame: string,
    time: Time | bigint = 0n,
  ): geometry_msgs.msg.TransformStamped {
    const target = stripSlash(targetFrame);
    const source = stripSlash(sourceFrame);
    const requestNs = typeof time === 'bigint' ? time : time.nanoseconds;
    const known = this.frames();
    for (const frame of [target, source]) {
      if (!known.includes(frame) && target !== source)
        throw new TransformError(
          `lookupTransform('${target}', '${source}'): frame '${frame}' does not exist` +
            (known.length ? ` (known frames: ${known.join(', ')})` : ' (no transforms received yet)'),
        );
    }
    const sourceChain = this.#chainToRoot(source);
    const targetChain = this.#chainToRoot(target);
    const common = sourceChain.find((frame) => targetChain.includes(frame));
    if (common === undefined) {
      const sourceRoot = sourceChain[sourceChain.length - 1]!;
      const targetRoot = targetChain[targetChain.length - 1]!;
      throw new TransformError(
        `lookupTransform('${target}', '${source}'): the frames are not connected: '${source}' leads up to '${sourceRoot}' ` +
          `and '${target}' up to '${targetRoot}'; no transform links '${sourceRoot}' and '${targetRoot}' (is a broadcaster of one of them missing?)`,
      );
    }
    const sourceLinks = sourceChain.slice(0, sourceChain.indexOf(common));
    const targetLinks = targetChain.slice(0, targetChain.indexOf(common));
    const timeNs = requestNs === 0n ? this.#latestCommonTime([...sourceLinks, ...targetLinks]) : requestNs;

    // common_T_source and common_T_target, composed up the chains.
    const commonTsource = this.#composeUp(sourceLinks, timeNs, target, source);
    const commonTtarget = this.#composeUp(targetLinks, timeNs, target, source);
    // target_T_source = inverse(common_T_target) * common_T_source
    const invRotation = quaternion.inverse(new Float64Array(4), commonTtarget.rotation);
    const delta = Float64Array.of(
      commonTsource.translation[0]! - commonTtarget.translation[0]!,
      commonTsource.translation[1]! - commonTtarget.translation[1]!,
      commonTsource.translation[2]! - commonTtarget.translation[2]!,
    );
    const translation = quaternion.act(new Float64Array(3), invRotation, delta);
    const rotation = quaternion.compose(new Float64Array(4), invRotation, commonTsource.rotation);
    return {
      header: { stamp: new Time(timeNs).toMsg(), frame_id: target },
      child_frame_id: source,
      transform: {
        translation: { x: translation[0]!, y: translation[1]!, z: translation[2]! },
        rotation: { x: rotation[0]!, y: rotation[1]!, z: rotation[2]!, w: rotation[3]! },
      },
    };
  }

  #chainToRoot(frame: string): string[] {
    const chain = [frame];
    let current = frame;
    for (let link = this.#links.get(current); link; link = this.#links.get(current)) {
      current = link.parent;
      if (chain.includes(current)) throw new TransformError(`the tf tree has a loop through '${current}'`);
      chain.push(current);
    }
    return chain;
  }

  #latestCommonTime(children: string[]): bigint {
    let latest: bigint | undefined;
    for (const child of children) {
      const link = this.#links.get(child)!;
      if (link.isStatic) continue;
      const newest = link.samples[link.samples.length - 1]!.timeNs;
      latest = latest === undefined || newest < latest ? newest : latest;
    }
    return latest ?? 0n;
  }

  #composeUp(
    children: string[],
    timeNs: bigint,
    target: string,
    source: string,
  ): { translation: Float64Array; rotation: Float64Array } {
    const translation = new Float64Array(3);
    const rotation = quaternion.identity(new Float64Array(4));
    const linkTranslation = new Float64Array(3);
    const linkRotation = new Float64Array(4);
    // Walk from the top of the chain down: T = T_link(top) * ... * T_link(child)
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]!;
      this.#sampleAt(child, timeNs, linkTranslation, linkRotation, target, source);
      const moved = quaternion.act(new Float64Array(3), rotation, linkTranslation);
      translation[0]! += moved[0]!;
      translation[1]! += moved[1]!;
      translation[2]! += moved[2]!;
      quaternion.compose(rotation, rotation, linkRotation);
    }
    return { translation, rotation };
  }

  #sampleAt(
    child: string,
    timeNs: bigint,
    outTranslation: Float64Array,
    outRotation: Float64Array,
    target: string,
    source: string,
  ): void {
    const link = this.#links.get(child)!;
    const samples = link.samples;
    if (link.isStatic || samples.length === 1) {
      const only = samples[samples.length - 1]!;
      if (!link.isStatic && only.timeNs !== timeNs && timeNs !== 0n)
        throw new TransformError(
          `lookupTransform('${target}', '${source}') at ${new Time(timeNs).seconds} s: link '${link.parent}' → '${child}' has a single sample at ${new Time(only.timeNs).seconds} s; cannot interpolate`,
        );
      outTranslation.set(only.translation);
      outRotation.set(only.rotation);
      return;
    }
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    if (timeNs < first.timeNs || timeNs > last.timeNs) {
      const direction = timeNs > last.timeNs ? 'future' : 'past';
      throw new TransformError(
        `lookupTransform('${target}', '${source}'): extrapolation into the ${direction}: requested ${new Time(timeNs).seconds} s but link '${link.parent}' → '${child}' has data for [${new Time(first.timeNs).seconds}, ${new Time(last.timeNs).seconds}] s`,
      );
    }
    let hi = 1;
    while (samples[hi]!.timeNs < timeNs) hi++;
    const a = samples[hi - 1]!;
    const b = samples[hi]!;
    const t = b.timeNs === a.timeNs ? 0 : Number(timeNs - a.timeNs) / Number(b.timeNs - a.timeNs);
    for (let k = 0; k < 3; k++)
      outTranslation[k] = a.translation[k]! + t * (b.translation[k]! - a.translation[k]!);
    quaternion.slerp(outRotation, a.rotation, b.rotation, t);
  }
}

function stripSlash(frame: string): string {
  return frame.startsWith('/') ? frame.slice(1) : frame;
}
