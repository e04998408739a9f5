/**
 * Random living-room scenes for the grounding evaluation (our own scene spec until the
 * simulated room exists): fixed furniture kinds at jittered places, 8-16 items from the
 * lexicon's categories with colours from each category's palette, several of a category at
 * once (distractors), some on furniture, and a speaker and robot somewhere in the room.
 */
import type { Scene, SceneFurniture, SceneObject, SizeClass } from '../scene.ts';
import type { Random } from '../../common/random.ts';

const FURNITURE: ReadonlyArray<{
  category: string;
  position: [number, number];
  extent: [number, number, number];
}> = [
  { category: 'sofa', position: [0, 2.2], extent: [2, 0.9, 0.8] },
  { category: 'low table', position: [0, 0.9], extent: [1.2, 0.6, 0.4] },
  { category: 'bookshelf', position: [3.2, 2.4], extent: [0.9, 0.35, 1.8] },
  { category: 'toy box', position: [-3, 1.6], extent: [0.6, 0.4, 0.5] },
  { category: 'laundry basket', position: [2.8, -1.6], extent: [0.5, 0.4, 0.5] },
  { category: 'shoe rack', position: [-3.2, -2.6], extent: [0.8, 0.3, 0.6] },
  { category: 'desk', position: [3.2, -0.2], extent: [1.2, 0.6, 0.74] },
  { category: 'chair', position: [2.5, -0.2], extent: [0.45, 0.45, 0.9] },
  { category: 'tv stand', position: [0, 3.2], extent: [1.4, 0.4, 0.5] },
  { category: 'trash can', position: [-1.5, 3.0], extent: [0.3, 0.3, 0.4] },
  { category: 'dining table', position: [-2.2, -0.6], extent: [1.4, 0.8, 0.74] },
];

/** Categories in the evaluation, with a few colours each and a usual size. */
export const EVALUATION_CATEGORIES: Readonly<Record<string, { colors: readonly string[]; size: SizeClass }>> =
  {
    sock: { colors: ['white', 'gray', 'black', 'blue', 'pink'], size: 'small' },
    towel: { colors: ['white', 'blue', 'yellow', 'pink'], size: 'medium' },
    't-shirt': { colors: ['white', 'red', 'blue', 'green', 'black'], size: 'medium' },
    slipper: { colors: ['pink', 'blue', 'gray', 'brown'], size: 'small' },
    shoe: { colors: ['black', 'white', 'red', 'blue'], size: 'medium' },
    book: { colors: ['red', 'blue', 'green', 'yellow', 'white'], size: 'medium' },
    magazine: { colors: ['red', 'blue', 'white', 'yellow'], size: 'medium' },
    cup: { colors: ['red', 'blue', 'white', 'green', 'yellow'], size: 'small' },
    plate: { colors: ['white', 'blue', 'yellow'], size: 'medium' },
    'plastic bottle': { colors: ['blue', 'green', 'white'], size: 'small' },
    'remote control': { colors: ['black', 'gray', 'white'], size: 'small' },
    pen: { colors: ['black', 'blue', 'red'], size: 'small' },
    'toy blocks': { colors: ['red', 'yellow', 'blue', 'green'], size: 'small' },
    'stuffed animal': { colors: ['brown', 'white', 'pink', 'gray'], size: 'medium' },
    ball: { colors: ['red', 'blue', 'yellow', 'green', 'orange'], size: 'medium' },
    'toy car': { colors: ['red', 'blue', 'yellow', 'green', 'black'], size: 'small' },
    'toy watering can': { colors: ['green', 'yellow', 'blue'], size: 'small' },
    kendama: { colors: ['red', 'blue', 'green'], size: 'small' },
    cushion: { colors: ['red', 'blue', 'gray', 'yellow', 'green'], size: 'large' },
    'tissue box': { colors: ['white', 'blue', 'pink'], size: 'medium' },
    'glue bottle': { colors: ['white', 'yellow'], size: 'small' },
    smartphone: { colors: ['black', 'white', 'gray'], size: 'small' },
    crayon: { colors: ['red', 'blue', 'green', 'yellow', 'purple'], size: 'small' },
    hat: { colors: ['red', 'blue', 'black', 'yellow'], size: 'medium' },
    glove: { colors: ['red', 'blue', 'black', 'gray'], size: 'small' },
    bowl: { colors: ['white', 'blue', 'red'], size: 'small' },
    can: { colors: ['red', 'green', 'gray'], size: 'small' },
    puzzle: { colors: ['blue', 'green', 'yellow'], size: 'small' },
    blanket: { colors: ['blue', 'gray', 'pink', 'green'], size: 'large' },
    newspaper: { colors: ['white', 'gray'], size: 'medium' },
  };

export function generateScene(random: Random): Scene {
  const furniture: SceneFurniture[] = FURNITURE.map((f) => ({
    id: f.category.replace(/ /g, '_'),
    category: f.category,
    position: [
      f.position[0] + random.range(-0.2, 0.2),
      f.position[1] + random.range(-0.2, 0.2),
      f.extent[2] / 2,
    ],
    extent: f.extent,
  }));
  const surfaces = furniture.filter((f) =>
    ['low table', 'sofa', 'desk', 'dining table', 'tv stand'].includes(f.category),
  );
  const categories = Object.keys(EVALUATION_CATEGORIES);
  const objects: SceneObject[] = [];
  const count = random.int(8, 17);
  const chosen = random.shuffle(categories).slice(0, random.int(5, 9));
  for (let i = 0; i < count; i++) {
    const category = i < chosen.length ? chosen[i]! : random.pick(chosen);
    const spec = EVALUATION_CATEGORIES[category]!;
    const used = objects.filter((o) => o.category === category).map((o) => o.colors[0]);
    const colors = spec.colors.filter((c) => !used.includes(c));
    const color = colors.length > 0 ? random.pick(colors) : random.pick(spec.colors);
    const id = `${category.replace(/ /g, '_')}_${objects.filter((o) => o.category === category).length + 1}`;
    if (random.chance(0.25)) {
      const surface = random.pick(surfaces);
      const [hx, hy] = [surface.extent![0] / 2 - 0.1, surface.extent![1] / 2 - 0.1];
      objects.push({
        id,
        category,
        colors: [color],
        size: spec.size,
        position: [
          surface.position[0] + random.range(-hx, hx),
          surface.position[1] + random.range(-hy, hy),
          surface.extent![2] + 0.05,
        ],
        on: surface.id,
      });
    } else {
      objects.push({
        id,
        category,
        colors: [color],
        size: spec.size,
        position: [random.range(-3.3, 3.3), random.range(-2.8, 2.8), 0.03],
      });
    }
  }
  const speakerYaw = random.range(-Math.PI, Math.PI);
  return {
    furniture,
    objects,
    speaker: { position: [random.range(-2, 2), random.range(-2, 2), 1.6], yaw: speakerYaw },
    robot: { position: [random.range(-2, 2), random.range(-2, 2), 0], yaw: random.range(-Math.PI, Math.PI) },
  };
}
