/**
 * The furniture the robot knows (the house description's places, as the world model's scene on
 * /world/scene names them): translucent boxes with their names, all boxes one mesh and all their
 * edges one line set (in software rendering every draw call counts).
 */
import * as THREE from 'three';
import { CSS2DObject } from 'three/addons/renderers/CSS2DRenderer.js';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';

const BOX_MATERIAL = new THREE.MeshLambertMaterial({ color: 0x9a7b55, transparent: true, opacity: 0.35 });
const EDGE_MATERIAL = new THREE.LineBasicMaterial({ color: 0xd8b78a });

interface Furniture {
  readonly id: string;
  readonly category: string;
  readonly position: readonly [number, number, number];
  readonly extent?: readonly [number, number, number];
}

export class FurnitureLayer {
  readonly object = new THREE.Group();
  #signature = '';
  #count = 0;

  get count(): number {
    return this.#count;
  }

  /** `sceneJson`: the world model's scene (std_msgs/String data). */
  update(sceneJson: string): void {
    let furniture: Furniture[];
    try {
      furniture = (JSON.parse(sceneJson) as { furniture?: Furniture[] }).furniture ?? [];
    } catch (error) {
      console.warn(`skipping a /world/scene that is not JSON: ${(error as Error).message}`);
      return;
    }
    const signature = JSON.stringify(furniture);
    if (signature === this.#signature) return;
    this.#signature = signature;
    for (const child of [...this.object.children]) {
      this.object.remove(child);
      if (child instanceof CSS2DObject) child.element.remove();
      if (child instanceof THREE.Mesh || child instanceof THREE.LineSegments) child.geometry.dispose();
    }
    const boxes: THREE.BufferGeometry[] = [];
    const edges: THREE.BufferGeometry[] = [];
    for (const place of furniture) {
      const [dx, dy, dz] = place.extent ?? [0.3, 0.3, 0.3];
      const box = new THREE.BoxGeometry(dx, dy, dz).translate(...place.position);
      boxes.push(box);
      edges.push(new THREE.EdgesGeometry(box));
      const element = document.createElement('div');
      element.className = 'label furniture';
      element.textContent = place.category;
      const label = new CSS2DObject(element);
      label.position.set(place.position[0], place.position[1], place.position[2] + dz / 2 + 0.05);
      this.object.add(label);
    }
    this.#count = furniture.length;
    if (furniture.length === 0) return;
    this.object.add(
      new THREE.Mesh(mergeGeometries(boxes), BOX_MATERIAL),
      new THREE.LineSegments(mergeGeometries(edges), EDGE_MATERIAL),
    );
    for (const geometry of [...boxes, ...edges]) geometry.dispose();
  }
}
