/**
 * The furniture the robot knows (the house description's places, as the world model's scene on
 * /world/scene names them): translucent boxes with their names.
 */
import * as THREE from 'three';
import { CSS2DObject } from 'three/addons/renderers/CSS2DRenderer.js';

interface Furniture {
  readonly id: string;
  readonly category: string;
  readonly position: readonly [number, number, number];
  readonly extent?: readonly [number, number, number];
}

export class FurnitureLayer {
  readonly object = new THREE.Group();
  #signature = '';

  get count(): number {
    return this.object.children.length / 2;
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
    }
    for (const place of furniture) {
      const [dx, dy, dz] = place.extent ?? [0.3, 0.3, 0.3];
      const box = new THREE.Mesh(
        new THREE.BoxGeometry(dx, dy, dz),
        new THREE.MeshLambertMaterial({ color: 0x9a7b55, transparent: true, opacity: 0.35 }),
      );
      box.position.set(...place.position);
      box.add(
        new THREE.LineSegments(
          new THREE.EdgesGeometry(box.geometry),
          new THREE.LineBasicMaterial({ color: 0xd8b78a }),
        ),
      );
      const element = document.createElement('div');
      element.className = 'label furniture';
      element.textContent = place.category;
      const label = new CSS2DObject(element);
      label.position.set(place.position[0], place.position[1], place.position[2] + dz / 2 + 0.05);
      this.object.add(box, label);
    }
  }
}
