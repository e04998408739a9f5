/** The latest laser scan as points, in the scan's frame placed in the map. */
import * as THREE from 'three';
import type { sensor_msgs } from '../../messages/types.generated.ts';

export class ScanLayer {
  readonly object: THREE.Points;
  readonly #positions: Float32Array;
  readonly #geometry = new THREE.BufferGeometry();

  constructor(maxPoints = 2048) {
    this.#positions = new Float32Array(maxPoints * 3);
    this.#geometry.setAttribute('position', new THREE.BufferAttribute(this.#positions, 3));
    this.#geometry.setDrawRange(0, 0);
    this.object = new THREE.Points(this.#geometry, new THREE.PointsMaterial({ color: 0xff3355, size: 0.04 }));
    this.object.matrixAutoUpdate = false;
    this.object.frustumCulled = false;
  }

  /** `mapFromScan`: where the scan's frame is (undefined: not known yet, nothing drawn). */
  update(scan: sensor_msgs.msg.LaserScan, mapFromScan: THREE.Matrix4 | undefined): void {
    if (!mapFromScan) return;
    const limit = Math.min(scan.ranges.length, this.#positions.length / 3);
    let n = 0;
    for (let i = 0; i < limit; i++) {
      const r = scan.ranges[i]!;
      if (!(r >= scan.range_min && r <= scan.range_max)) continue;
      const angle = scan.angle_min + i * scan.angle_increment;
      this.#positions[n * 3] = r * Math.cos(angle);
      this.#positions[n * 3 + 1] = r * Math.sin(angle);
      this.#positions[n * 3 + 2] = 0;
      n++;
    }
    this.#geometry.setDrawRange(0, n);
    this.#geometry.attributes.position!.needsUpdate = true;
    this.object.matrix.copy(mapFromScan);
    this.object.matrixWorldNeedsUpdate = true;
  }
}
