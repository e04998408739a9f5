/**
 * The latest transform of each frame from /tf and /tf_static, composed up to a fixed frame, as
 * a viewer shows them (no interpolation in time: the newest pose is the one drawn).
 */
import * as THREE from 'three';
import type { tf2_msgs } from '../../messages/types.generated.ts';
import { transformMatrix } from './poses.ts';

/** Longest chain followed; a cycle in a malformed tree stops here. */
const MAX_DEPTH = 64;

export class FrameTree {
  readonly #links = new Map<string, { parent: string; parentFromChild: THREE.Matrix4 }>();

  add(message: tf2_msgs.msg.TFMessage): void {
    for (const { header, child_frame_id: child, transform } of message.transforms) {
      if (!header.frame_id || !child || header.frame_id === child) {
        console.warn(`skipping a transform '${header.frame_id}' → '${child}'`);
        continue;
      }
      this.#links.set(child, { parent: header.frame_id, parentFromChild: transformMatrix(transform) });
    }
  }

  clear(): void {
    this.#links.clear();
  }

  /** target_T_frame, or undefined when `frame` does not lead up to `target`. */
  lookup(target: string, frame: string): THREE.Matrix4 | undefined {
    const result = new THREE.Matrix4();
    let current = frame;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      if (current === target) return result;
      const link = this.#links.get(current);
      if (!link) return undefined;
      result.premultiply(link.parentFromChild);
      current = link.parent;
    }
    return undefined;
  }
}
