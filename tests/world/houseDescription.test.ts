import { describe, expect, it } from 'vitest';
import { placeApproaches } from '../../src/manipulation/index.ts';
import {
  findPlace,
  headroomAbove,
  insideRoom,
  openSides,
  parseHouseDescription,
  placeLevels,
} from '../../src/world/index.ts';
import { generateWorld } from '../../sim/world/generateWorld.ts';
import { houseDescriptionYaml } from '../../sim/world/houseDescription.ts';

describe('house description', () => {
  it('reads back what the sim writes: every piece of furniture, no items', () => {
    const world = generateWorld(21, 'train');
    const house = parseHouseDescription(houseDescriptionYaml(world));
    expect(house.places.map((p) => p.name)).toEqual(world.furniture.map((f) => f.category));
    // One id per place: the world's two windows (both 'window') become window and window_2.
    expect(new Set(house.places.map((p) => p.id)).size).toBe(house.places.length);
    expect(house.places.filter((p) => p.name === 'window').map((p) => p.id)).toEqual(['window', 'window_2']);
    const basket = house.places.find((p) => p.name === 'laundry basket')!;
    expect(basket.kind).toBe('container');
    expect(house.places.find((p) => p.name === 'sofa')!.kind).toBe('surface');
    expect(houseDescriptionYaml(world)).not.toContain(world.items[0]!.id);
    expect(findPlace(house, 'laundry basket', 0, 0)).toBe(basket);
    expect(findPlace(house, 'hot tub', 0, 0)).toBeUndefined();
    // The room's walls: a stand for the desk against the east wall is outside them.
    expect(house.room).toEqual({ width: world.room.width, depth: world.room.depth });
    const desk = house.places.find((p) => p.name === 'desk')!;
    expect(insideRoom(house, desk.position[0] - 0.6, desk.position[1], 0.265)).toBe(true);
    expect(insideRoom(house, desk.position[0] + 0.6, desk.position[1], 0.265)).toBe(false);
    expect(insideRoom({ frame: 'map', places: [] }, -5, -5, 0.3)).toBe(true);
  });

  it("gives a shelf's boards in the map frame, puts things only through its open front, and on the boards with room above", () => {
    const world = generateWorld(21, 'train');
    const house = parseHouseDescription(houseDescriptionYaml(world));
    const bookshelf = house.places.find((p) => p.name === 'bookshelf')!;
    const truth = world.furniture.find((f) => f.category === 'bookshelf')!;
    expect(bookshelf.kind).toBe('shelf');
    expect(bookshelf.shelves).toEqual(truth.shelves!.map((h) => truth.position[2] - truth.size[2] / 2 + h));
    expect(placeLevels(bookshelf)).toEqual([...bookshelf.shelves!].reverse());
    // Room up to the next board's underside (boards 2 cm thick), and up to the case's top above the highest.
    const [b0, b1] = bookshelf.shelves!;
    expect(headroomAbove(bookshelf, b0!)).toBeCloseTo(b1! - 0.02 - b0!, 9);
    const top = bookshelf.position[2] + bookshelf.size[2] / 2;
    expect(headroomAbove(bookshelf, bookshelf.shelves!.at(-1)!)).toBeCloseTo(
      top - 0.02 - bookshelf.shelves!.at(-1)!,
      9,
    );
    expect(
      headroomAbove(
        house.places.find((p) => p.name === 'desk')!,
        0.74,
      ),
    ).toBe(Infinity);
    // Against the east wall, facing west: the only approach is from the west, at the board asked for.
    const approaches = placeApproaches(bookshelf, [bookshelf.position[0], bookshelf.position[1] + 3], {
      clearanceM: 0.3,
      insetM: 0.1,
      levelZ: b1!,
    });
    // Across from the robot (at the shelf's end, reaching aslant to a release point the inset in
    // from it) first, then halfway to that end, the middle, and halfway to the other: nearest first.
    expect(approaches).toHaveLength(4);
    for (const [k, approach] of approaches.entries()) {
      expect(approach.base[0]).toBeLessThan(bookshelf.position[0] - 0.3);
      expect(Math.cos(approach.base[2])).toBeCloseTo(1, k === 0 ? 1 : 6);
      expect(approach.topZ).toBe(b1);
    }
    expect(approaches[0]!.base[1]).toBeCloseTo(bookshelf.position[1] + bookshelf.size[0] / 2, 3);
    expect(approaches[0]!.release[1]).toBeCloseTo(bookshelf.position[1] + bookshelf.size[0] / 2 - 0.1, 3);
    expect(approaches.map((a) => a.base[1] - bookshelf.position[1])).toEqual(
      [...approaches.map((a) => a.base[1] - bookshelf.position[1])].sort((a, b) => b - a),
    );
    expect(approaches[2]!.base[1]).toBeCloseTo(bookshelf.position[1], 3);
    expect(openSides(house.places.find((p) => p.name === 'desk')!)).toHaveLength(4);
  });

  it('names what is wrong in a malformed description', () => {
    expect(() => parseHouseDescription('places: 3')).toThrow('house description: needs a list of places');
    const twice = '{ name: box, id: b, kind: container, position: [1, 2, 0], size: [1, 1, 1] }';
    expect(() => parseHouseDescription(`places:\n  - ${twice}\n  - ${twice}\n`)).toThrow(
      "house description: place id 'b' is used twice",
    );
    expect(() => parseHouseDescription('places:\n  - name: shelf\n    kind: wall\n')).toThrow(
      "house description: place 0 ('shelf'): kind must be container, surface or shelf, got 'wall'",
    );
    expect(() =>
      parseHouseDescription(
        'places:\n  - { name: rack, kind: shelf, position: [1, 2, 0.5], size: [1, 0.3, 1], shelves: [0.5, 0.2] }\n',
      ),
    ).toThrow(
      "house description: place 0 ('rack'): a shelf needs shelves, its board heights above the floor in metres, rising and below its height 1; got [0.5,0.2]",
    );
    expect(() =>
      parseHouseDescription(
        'places:\n  - { name: box, kind: container, position: [1, 2], size: [1, 1, 1] }\n',
      ),
    ).toThrow("house description: place 0 ('box'): position must be three numbers");
    expect(() => parseHouseDescription('room: { width: 7 }\nplaces: []\n')).toThrow(
      'house description: room must give a positive width and depth in metres, got {"width":7}',
    );
  });

  it('stands the robot just clear of the side nearest it and lets go an inset inside', () => {
    const place = {
      name: 'toy box',
      id: 'toy_box',
      kind: 'container' as const,
      position: [2, 1, 0.225] as const,
      yaw: 0,
      size: [0.6, 0.4, 0.45] as const,
    };
    const [nearest] = placeApproaches(place, [2.1, 0], { clearanceM: 0.3, insetM: 0.1 });
    // The side facing −y: base 0.3 m beyond the edge at y = 0.8, facing +y; release 0.1 m inside,
    // across from the robot.
    expect(nearest!.base[0]).toBeCloseTo(2.1, 9);
    expect(nearest!.base[1]).toBeCloseTo(0.5, 9);
    expect(nearest!.base[2]).toBeCloseTo(Math.PI / 2, 9);
    expect(nearest!.release[0]).toBeCloseTo(2.1, 9);
    expect(nearest!.release[1]).toBeCloseTo(0.9, 9);
    // An inset deeper than the middle stops at a container's middle, 80% of the way on a surface.
    const [deep] = placeApproaches(place, [2.1, 0], { clearanceM: 0.3, insetM: 0.3 });
    expect(deep!.release[1]).toBeCloseTo(1, 9);
    const [deepOnTop] = placeApproaches({ ...place, kind: 'surface' }, [2.1, 0], {
      clearanceM: 0.3,
      insetM: 0.3,
    });
    expect(deepOnTop!.release[1]).toBeCloseTo(0.96, 9);
    expect(nearest!.topZ).toBeCloseTo(0.45, 9);
    // On a surface the release lies the inset in from the edge, and the inset from its ends.
    const [onTop] = placeApproaches({ ...place, kind: 'surface' }, [2.4, 0], {
      clearanceM: 0.3,
      insetM: 0.1,
    });
    expect(onTop!.release[1]).toBeCloseTo(0.9, 9);
    expect(onTop!.release[0]).toBeCloseTo(2.2, 9);
    // An item turned to lie along the side keeps its long half clear of the side's ends.
    const [along] = placeApproaches({ ...place, kind: 'surface' }, [2.4, 0], {
      clearanceM: 0.3,
      insetM: 0.1,
      endInsetM: 0.2,
    });
    expect(along!.release[1]).toBeCloseTo(0.9, 9);
    expect(along!.release[0]).toBeCloseTo(2.1, 9);
  });
});
