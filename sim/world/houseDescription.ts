/**
 * The house description a person writes once for a real home, written here from a generated
 * world: its furniture (never its items), each with the name people call it, whether things go
 * in it (container), on its top (surface) or on its boards (shelf), and where it stands. The robot reads it with
 * src/world/houseDescription.ts; the two share only this YAML.
 */
import { Document, isSeq, visit } from 'yaml';
import type { World } from './World.ts';

export function houseDescriptionYaml(world: World): string {
  // Ids name one place each (the world has two windows, both 'window').
  const seen = new Map<string, number>();
  const uniqueId = (id: string) => {
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    return count === 1 ? id : `${id}_${count}`;
  };
  const places = world.furniture.map((f) => ({
    name: f.category,
    id: uniqueId(f.id),
    kind: f.form === 'solid' ? 'surface' : f.form,
    position: f.position.map(round),
    yaw: round(f.yaw),
    size: f.size.map(round),
    ...(f.shelves ? { shelves: f.shelves.map(round) } : {}),
  }));
  const document = new Document({
    frame: 'map',
    room: { width: round(world.room.width), depth: round(world.room.depth) },
    places,
  });
  // Coordinates on one line each, as a person would write them.
  visit(document, (_, node) => {
    if (isSeq(node) && node.items.every((item) => typeof (item as { value?: unknown }).value === 'number'))
      node.flow = true;
  });
  return `# House description: the furniture of world ${world.seed} (${world.split}), map frame, metres.\n${document.toString()}`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
