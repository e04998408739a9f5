/**
 * The boxes a piece of furniture is made of, about the centre of its bounding box in its own frame
 * (x along its width, y its depth with the front at −y, z up): one box for a solid piece; a floor
 * and four walls for an open-topped container; for a shelf a back, two sides, a top and a board at
 * each of its shelf heights, open at the front. Physics and the renderer build the same parts.
 */
import type { WorldFurniture } from './World.ts';

/** Thickness of a container's walls and of a shelf's panels and boards (m). */
export const PANEL_M = 0.02;

export interface FurniturePart {
  readonly center: readonly [number, number, number];
  readonly halfExtents: readonly [number, number, number];
}

export function furnitureParts(
  furniture: Pick<WorldFurniture, 'form' | 'size' | 'shelves'>,
): FurniturePart[] {
  const [hx, hy, hz] = furniture.size.map((s) => s / 2) as [number, number, number];
  const t = PANEL_M / 2;
  const part = (
    center: readonly [number, number, number],
    halfExtents: readonly [number, number, number],
  ): FurniturePart => ({ center, halfExtents });
  switch (furniture.form) {
    case 'solid':
      return [part([0, 0, 0], [hx, hy, hz])];
    case 'container':
      return [
        part([0, 0, -hz + t], [hx, hy, t]),
        part([hx - t, 0, 0], [t, hy, hz]),
        part([-hx + t, 0, 0], [t, hy, hz]),
        part([0, hy - t, 0], [hx, t, hz]),
        part([0, -hy + t, 0], [hx, t, hz]),
      ];
    case 'shelf': {
      // Boards span between the sides and from the open front to the back panel.
      const inner: [number, number] = [hx - PANEL_M, hy - t];
      return [
        part([0, hy - t, 0], [hx, t, hz]),
        part([hx - t, 0, 0], [t, hy, hz]),
        part([-hx + t, 0, 0], [t, hy, hz]),
        part([0, -t, hz - t], [...inner, t]),
        // Each board's top is at its shelf height above the bottom; the lowest stands on a plinth.
        ...(furniture.shelves ?? []).map((top, k) =>
          k === 0
            ? part([0, -t, -hz + top / 2], [...inner, top / 2])
            : part([0, -t, -hz + top - t], [...inner, t]),
        ),
      ];
    }
  }
}
