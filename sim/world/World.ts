/**
 * The simulated room as plain data, generated from a seed: walls, floor, furniture and items
 * with poses in the map frame (metres, z up; yaw about z), sizes, colours (sRGB after
 * randomization), masses and friction, and the lighting. Physics and rendering read this.
 */
import type { ClothFold } from './clothFold.ts';

import type { ItemShape, Tool } from './catalog.ts';

export type Rgb = readonly [number, number, number];

export interface WorldItem {
  readonly id: string;
  readonly category: string;
  readonly colorName: string;
  readonly color: Rgb;
  readonly shape: ItemShape;
  /** Shape dimensions as in the catalog, after scale randomization. */
  readonly dimensions: readonly number[];
  readonly mass: number;
  readonly friction: number;
  readonly tools: Tool;
  readonly home: string;
  /** [x, y, z, qx, qy, qz, qw] in the map frame. */
  readonly pose: readonly number[];
  /** Furniture id the item starts on, if any. */
  readonly on?: string;
  /** Centre of mass off the shape's middle (item frame, m); default the middle. */
  readonly centerOfMass?: readonly [number, number, number];
  /** A cloth item's fold (sim/world/clothFold.ts); a cloth without one is a flat box. */
  readonly fold?: ClothFold;
}

export interface WorldFurniture {
  readonly id: string;
  readonly category: string;
  readonly color: Rgb;
  /** Centre of the bounding box and yaw (radians). */
  readonly position: readonly [number, number, number];
  readonly yaw: number;
  readonly size: readonly [number, number, number];
  readonly form: FurnitureForm;
  /** A shelf's board tops above its bottom (m), lowest first. */
  readonly shelves?: readonly number[];
}

/** Solid (things go on its top), an open-topped container (things go in) or an open-fronted shelf (things go on its boards). */
export type FurnitureForm = 'solid' | 'container' | 'shelf';

export interface Lighting {
  /** Unit vector towards the light (map frame). */
  readonly direction: readonly [number, number, number];
  readonly intensity: number;
  readonly tint: Rgb;
  readonly ambient: number;
}

export interface World {
  readonly seed: number;
  readonly split: 'train' | 'heldout';
  /** Room interior: x ∈ [0, width], y ∈ [0, depth]; walls of `wallHeight`. */
  readonly room: { readonly width: number; readonly depth: number; readonly wallHeight: number };
  readonly floorColor: Rgb;
  readonly wallColor: Rgb;
  readonly furniture: readonly WorldFurniture[];
  readonly items: readonly WorldItem[];
  readonly lighting: Lighting;
}
