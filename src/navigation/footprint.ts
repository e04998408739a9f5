/**
 * The base footprint's radius read from the robot's URDF, as Nav2's `robot_radius`: the largest
 * horizontal extent of the base link's collision geometry (a cylinder's radius, a box's half
 * diagonal). Parsed with `fast-xml-parser`.
 */
import { XMLParser } from 'fast-xml-parser';

interface Geometry {
  cylinder?: { radius?: string };
  box?: { size?: string };
  sphere?: { radius?: string };
}

export function footprintRadiusFromUrdf(urdf: string, baseLink = 'base_link'): number {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => name === 'link' || name === 'collision',
  });
  const robot = (
    parser.parse(urdf) as {
      robot?: { link?: Array<{ name?: string; collision?: Array<{ geometry?: Geometry }> }> };
    }
  ).robot;
  if (!robot) throw new Error('URDF: no <robot> element');
  const link = robot.link?.find((l) => l.name === baseLink);
  if (!link) throw new Error(`URDF: no link '${baseLink}'`);
  let radius = 0;
  for (const collision of link.collision ?? []) {
    const g = collision.geometry ?? {};
    if (g.cylinder) radius = Math.max(radius, Number(g.cylinder.radius));
    else if (g.sphere) radius = Math.max(radius, Number(g.sphere.radius));
    else if (g.box) {
      const [x, y] = String(g.box.size ?? '')
        .trim()
        .split(/\s+/)
        .map(Number);
      radius = Math.max(radius, Math.hypot(x! / 2, y! / 2));
    }
  }
  if (!(radius > 0) || !Number.isFinite(radius))
    throw new Error(
      `URDF: link '${baseLink}' has no cylinder, sphere or box collision geometry to take a footprint from`,
    );
  return radius;
}
