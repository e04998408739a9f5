/**
 * The house description: the furniture a person would name ("laundry basket", "toy box"), each a
 * container (things go in it), a surface (things go on its top) or a shelf (open at its front, −y in
 * its own frame; things go on its boards, given by their heights above the floor), with its pose
 * and size in the map frame, written once per home (for the sim: `npx katazuke sim house`). Parsed with `yaml`;
 * anything missing or malformed is an error naming the place and the field.
 */
import type { Rectangle } from '../geometry/rectangle.ts';
import { parse } from 'yaml';

export interface HousePlace {
  readonly name: string;
  readonly id: string;
  readonly kind: 'container' | 'surface' | 'shelf';
  /** A shelf's board tops in the map frame (m), lowest first. */
  readonly shelves?: readonly number[];
  /** Centre of the bounding box (m) and yaw (rad) in the map frame; full size along its own axes. */
  readonly position: readonly [number, number, number];
  readonly yaw: number;
  readonly size: readonly [number, number, number];
}

export interface House {
  readonly frame: string;
  readonly places: readonly HousePlace[];
  /** The room's walls, where the description gives them: [0, width] × [0, depth] in its frame (m). */
  readonly room?: { readonly width: number; readonly depth: number };
}

export function parseHouseDescription(text: string): House {
  const document = parse(text) as { frame?: unknown; places?: unknown; room?: unknown } | null;
  if (!document || typeof document !== 'object') throw new Error('house description: not a YAML mapping');
  const frame = document.frame ?? 'map';
  if (typeof frame !== 'string') throw new Error('house description: frame must be a string');
  if (!Array.isArray(document.places)) throw new Error('house description: needs a list of places');
  const places = document.places.map((raw: Record<string, unknown>, k): HousePlace => {
    const where = `house description: place ${k}${typeof raw?.name === 'string' ? ` ('${raw.name}')` : ''}`;
    const triple = (field: string) => {
      const value = raw?.[field];
      if (
        !Array.isArray(value) ||
        value.length !== 3 ||
        !value.every((v) => typeof v === 'number' && Number.isFinite(v))
      )
        throw new Error(`${where}: ${field} must be three numbers`);
      return value as [number, number, number];
    };
    if (typeof raw?.name !== 'string' || raw.name === '') throw new Error(`${where}: needs a name`);
    if (raw.kind !== 'container' && raw.kind !== 'surface' && raw.kind !== 'shelf')
      throw new Error(`${where}: kind must be container, surface or shelf, got '${String(raw.kind)}'`);
    const yaw = raw.yaw ?? 0;
    if (typeof yaw !== 'number' || !Number.isFinite(yaw)) throw new Error(`${where}: yaw must be a number`);
    const size = triple('size');
    if (size.some((s) => s <= 0)) throw new Error(`${where}: size must be positive`);
    const position = triple('position');
    const place: HousePlace = {
      name: raw.name,
      id: typeof raw.id === 'string' ? raw.id : `${raw.name}_${k}`,
      kind: raw.kind as HousePlace['kind'],
      position,
      yaw,
      size,
    };
    if (raw.kind !== 'shelf') return place;
    const shelves = raw.shelves;
    if (
      !Array.isArray(shelves) ||
      shelves.length === 0 ||
      !shelves.every(
        (h, j) => typeof h === 'number' && h >= 0 && h < size[2] && (j === 0 || h > shelves[j - 1]),
      )
    )
      throw new Error(
        `${where}: a shelf needs shelves, its board heights above the floor in metres, rising and below its height ${size[2]}; got ${JSON.stringify(shelves)}`,
      );
    const bottom = position[2] - size[2] / 2;
    return { ...place, shelves: shelves.map((h: number) => bottom + h) };
  });
  const ids = new Set<string>();
  for (const place of places) {
    if (ids.has(place.id)) throw new Error(`house description: place id '${place.id}' is used twice`);
    ids.add(place.id);
  }
  if (document.room === undefined) return { frame, places };
  const room = document.room as { width?: unknown; depth?: unknown } | null;
  const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (!room || !positive(room.width) || !positive(room.depth))
    throw new Error(
      `house description: room must give a positive width and depth in metres, got ${JSON.stringify(document.room)}`,
    );
  return { frame, places, room: { width: room.width as number, depth: room.depth as number } };
}

/** A place's footprint on the floor plan. */
export function placeFootprint(place: HousePlace): Rectangle {
  return {
    x: place.position[0],
    y: place.position[1],
    yaw: place.yaw,
    halfX: place.size[0] / 2,
    halfY: place.size[1] / 2,
  };
}

/** The height of a place's top (m). */
export function placeTopZ(place: HousePlace): number {
  return place.position[2] + place.size[2] / 2;
}

/** Whether a disc of `radiusM` at (x, y) lies inside the room's walls (true where the house gives no room). */
export function insideRoom(house: House, x: number, y: number, radiusM: number): boolean {
  if (!house.room) return true;
  return x >= radiusM && y >= radiusM && x <= house.room.width - radiusM && y <= house.room.depth - radiusM;
}

/** The place called `name` (or with that id) nearest to (x, y), or undefined. */
export function findPlace(house: House, name: string, x: number, y: number): HousePlace | undefined {
  let best: HousePlace | undefined;
  let bestDistance = Infinity;
  for (const place of house.places) {
    if (place.name !== name && place.id !== name) continue;
    const distance = Math.hypot(place.position[0] - x, place.position[1] - y);
    if (distance < bestDistance) {
      best = place;
      bestDistance = distance;
    }
  }
  return best;
}

/** The sides of a place's footprint things are put in or on from, as (axis, sign) in its frame: all four, or a shelf's open front (−y). */
export function openSides(place: HousePlace): ReadonlyArray<readonly [0 | 1, 1 | -1]> {
  return place.kind === 'shelf'
    ? [[1, -1]]
    : [
        [0, 1],
        [0, -1],
        [1, 1],
        [1, -1],
      ];
}

/** The heights things are put down at (map frame, m), highest first: a shelf's boards, else the place's top (a container's rim). */
export function placeLevels(place: HousePlace): number[] {
  return place.shelves ? [...place.shelves].reverse() : [place.position[2] + place.size[2] / 2];
}

/** Room above a level of a place up to the board over it (m); unbounded above a top. */
export function headroomAbove(place: HousePlace, levelZ: number, boardM = 0.02): number {
  if (!place.shelves) return Infinity;
  const ceiling = place.shelves.find((z) => z > levelZ + 1e-6) ?? place.position[2] + place.size[2] / 2;
  return ceiling - boardM - levelZ;
}
