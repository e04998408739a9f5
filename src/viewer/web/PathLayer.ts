/** The navigator's planned path (/plan, nav_msgs/Path in the map) as a line just above the floor. */
import * as THREE from 'three';
import type { nav_msgs } from '../../messages/types.generated.ts';

const LIFT_M = 0.02;

export class PathLayer {
  readonly object: THREE.Line;
  readonly #geometry = new THREE.BufferGeometry();
  #positions = new Float32Array(0);

  constructor() {
    this.object = new THREE.Line(this.#geometry, new THREE.LineBasicMaterial({ color: 0x33ff99 }));
    this.object.frustumCulled = false;
  }

  get length(): number {
    return this.#geometry.drawRange.count;
  }

  update(path: nav_msgs.msg.Path): void {
    const n = path.poses.length;
    if (this.#positions.length < n * 3) {
      this.#positions = new Float32Array(n * 6);
      this.#geometry.setAttribute('position', new THREE.BufferAttribute(this.#positions, 3));
    }
    path.poses.forEach(({ pose }, i) => {
      this.#positions[i * 3] = pose.position.x;
      this.#positions[i * 3 + 1] = pose.position.y;
      this.#positions[i * 3 + 2] = LIFT_M;
    });
    this.#geometry.setDrawRange(0, n);
    const attribute = this.#geometry.getAttribute('position');
    if (attribute) attribute.needsUpdate = true;
  }
}
