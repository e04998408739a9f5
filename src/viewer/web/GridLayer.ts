/**
 * A nav_msgs/OccupancyGrid drawn on the floor as one texture: SLAM's map (free, occupied,
 * unknown) or a costmap (Nav2's 0–252 cost ramp, 253 inscribed, 254 lethal, 255 unknown).
 */
import * as THREE from 'three';
import type { nav_msgs } from '../../messages/types.generated.ts';
import { poseMatrix } from './poses.ts';

/** RGBA of one cell value (the grid's int8 read as 0–255). */
export type CellPalette = (value: number, rgba: Uint8Array, at: number) => void;

export const occupancyPalette: CellPalette = (value, rgba, at) => {
  // -1 (unknown) arrives as 255.
  const shade = value === 255 ? 0 : value >= 65 ? 40 : value <= 25 ? 215 : 128;
  rgba[at] = rgba[at + 1] = rgba[at + 2] = shade;
  rgba[at + 3] = value === 255 ? 0 : 255;
};

export const costPalette: CellPalette = (value, rgba, at) => {
  if (value === 0 || value === 255) {
    rgba[at + 3] = 0;
    return;
  }
  const lethal = value >= 253;
  rgba[at] = lethal ? 200 : 80 + value / 2;
  rgba[at + 1] = lethal ? 0 : 40;
  rgba[at + 2] = lethal ? 200 : 255 - value / 2;
  rgba[at + 3] = lethal ? 170 : 60 + value / 3;
};

export class GridLayer {
  readonly object = new THREE.Group();
  #mesh: THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial> | undefined;
  #texture: THREE.DataTexture | undefined;
  cells = 0;

  constructor(
    private readonly palette: CellPalette,
    private readonly heightM: number,
  ) {
    this.object.matrixAutoUpdate = false;
  }

  update(grid: nav_msgs.msg.OccupancyGrid): void {
    const { width, height, resolution } = grid.info;
    if (width * height !== grid.data.length || !(resolution > 0)) {
      console.warn(
        `skipping a grid whose ${width}×${height} cells do not match its ${grid.data.length} values`,
      );
      return;
    }
    if (!this.#texture || this.#texture.image.width !== width || this.#texture.image.height !== height) {
      this.#mesh?.geometry.dispose();
      this.#mesh?.material.dispose();
      this.#texture?.dispose();
      if (this.#mesh) this.object.remove(this.#mesh);
      this.#texture = new THREE.DataTexture(new Uint8Array(width * height * 4), width, height);
      this.#texture.magFilter = THREE.NearestFilter;
      const geometry = new THREE.PlaneGeometry(width * resolution, height * resolution);
      geometry.translate((width * resolution) / 2, (height * resolution) / 2, this.heightM);
      this.#mesh = new THREE.Mesh(
        geometry,
        new THREE.MeshBasicMaterial({ map: this.#texture, transparent: true, depthWrite: false }),
      );
      this.object.add(this.#mesh);
    }
    const rgba = this.#texture.image.data as Uint8Array;
    const data = grid.data;
    for (let i = 0; i < data.length; i++) this.palette(data[i]! & 0xff, rgba, i * 4);
    this.#texture.needsUpdate = true;
    this.object.matrix.copy(poseMatrix(grid.info.origin));
    this.cells = width * height;
  }
}
