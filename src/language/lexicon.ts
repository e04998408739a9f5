/**
 * English words for the tidy-up domain: object categories (with synonyms and the kinds they
 * belong to, e.g. a toy car is a toy), furniture and places, colours, attributes, relations
 * and quantifiers. Categories a scene brings that are not listed here still match by their
 * own name (and its plural), so grounding works for any scene.
 */
export interface CategoryEntry {
  readonly synonyms: readonly string[];
  /** Kinds it belongs to ("toy", "clothes", ...), for "tidy up the toys". */
  readonly kinds: readonly string[];
  /** Attributes every item of the category has ("fluffy" for stuffed animals). */
  readonly attributes: readonly string[];
}

export const OBJECT_CATEGORIES: Readonly<Record<string, CategoryEntry>> = {
  sock: { synonyms: ['socks'], kinds: ['clothes', 'laundry'], attributes: ['soft'] },
  towel: { synonyms: ['hand towel', 'bath towel'], kinds: ['laundry'], attributes: ['soft', 'fluffy'] },
  't-shirt': {
    synonyms: ['t shirt', 'tshirt', 'shirt', 'tee', 'top'],
    kinds: ['clothes', 'laundry'],
    attributes: ['soft'],
  },
  pajamas: { synonyms: ['pyjamas', 'pjs'], kinds: ['clothes', 'laundry'], attributes: ['soft'] },
  slipper: { synonyms: ['slippers'], kinds: ['footwear'], attributes: ['soft'] },
  shoe: { synonyms: ['shoes', 'sneaker', 'sneakers', 'trainer'], kinds: ['footwear'], attributes: [] },
  sandal: { synonyms: ['sandals', 'crocs'], kinds: ['footwear'], attributes: ['holes'] },
  book: { synonyms: ['books', 'picture book', 'novel'], kinds: ['reading'], attributes: [] },
  magazine: { synonyms: ['magazines', 'comic', 'comics'], kinds: ['reading'], attributes: ['thin'] },
  cup: { synonyms: ['cups', 'mug', 'mugs', 'glass'], kinds: ['dishes'], attributes: [] },
  plate: { synonyms: ['plates', 'dish'], kinds: ['dishes'], attributes: ['round', 'flat'] },
  bowl: { synonyms: ['bowls'], kinds: ['dishes'], attributes: ['round'] },
  spoon: { synonyms: ['spoons'], kinds: ['dishes'], attributes: ['metal'] },
  'plastic bottle': {
    synonyms: ['bottle', 'water bottle', 'pet bottle'],
    kinds: ['trash', 'recycling'],
    attributes: ['plastic'],
  },
  can: {
    synonyms: ['soda can', 'drink can', 'empty can'],
    kinds: ['trash', 'recycling'],
    attributes: ['metal'],
  },
  'remote control': {
    synonyms: ['remote', 'tv remote', 'controller', 'clicker'],
    kinds: ['electronics'],
    attributes: [],
  },
  smartphone: {
    synonyms: ['phone', 'cell phone', 'mobile', 'cellphone'],
    kinds: ['electronics'],
    attributes: [],
  },
  'game controller': {
    synonyms: ['gamepad', 'joystick', 'controller'],
    kinds: ['electronics', 'toys'],
    attributes: [],
  },
  pen: { synonyms: ['pens', 'ballpoint'], kinds: ['stationery'], attributes: ['long', 'thin'] },
  pencil: { synonyms: ['pencils'], kinds: ['stationery'], attributes: ['long', 'thin'] },
  crayon: { synonyms: ['crayons'], kinds: ['stationery', 'toys'], attributes: [] },
  scissors: { synonyms: ['pair of scissors'], kinds: ['stationery'], attributes: ['sharp'] },
  'glue bottle': { synonyms: ['glue', 'glue stick'], kinds: ['stationery'], attributes: [] },
  'tissue box': { synonyms: ['tissues', 'box of tissues', 'kleenex'], kinds: [], attributes: [] },
  'toy blocks': {
    synonyms: ['block', 'blocks', 'building blocks', 'lego', 'legos', 'toy block'],
    kinds: ['toys'],
    attributes: [],
  },
  'stuffed animal': {
    synonyms: [
      'teddy',
      'teddy bear',
      'plush',
      'plushie',
      'stuffed toy',
      'soft toy',
      'bear',
      'doll',
      'bunny',
      'stuffy',
    ],
    kinds: ['toys'],
    attributes: ['fluffy', 'soft'],
  },
  ball: {
    synonyms: ['balls', 'football', 'soccer ball', 'tennis ball'],
    kinds: ['toys'],
    attributes: ['round'],
  },
  'toy car': {
    synonyms: ['car', 'cars', 'toy cars', 'minicar', 'truck', 'toy truck'],
    kinds: ['toys'],
    attributes: [],
  },
  'toy watering can': {
    synonyms: ['watering can', 'sprinkling can'],
    kinds: ['toys'],
    attributes: ['holes'],
  },
  kendama: { synonyms: ['kendamas', 'cup and ball'], kinds: ['toys'], attributes: ['wooden'] },
  puzzle: { synonyms: ['puzzle piece', 'jigsaw'], kinds: ['toys'], attributes: [] },
  'toy robot': { synonyms: ['robot toy'], kinds: ['toys'], attributes: [] },
  cushion: { synonyms: ['cushions', 'pillow', 'pillows'], kinds: [], attributes: ['soft', 'fluffy'] },
  blanket: { synonyms: ['blankets', 'throw'], kinds: ['laundry'], attributes: ['soft', 'fluffy'] },
  hat: { synonyms: ['cap', 'hats'], kinds: ['clothes'], attributes: [] },
  glove: { synonyms: ['gloves', 'mitten', 'mittens'], kinds: ['clothes'], attributes: ['soft'] },
  scarf: { synonyms: ['scarves'], kinds: ['clothes'], attributes: ['soft', 'long'] },
  bag: { synonyms: ['backpack', 'handbag', 'tote'], kinds: [], attributes: [] },
  keys: { synonyms: ['key', 'key ring', 'keychain'], kinds: [], attributes: ['metal'] },
  wallet: { synonyms: ['purse'], kinds: [], attributes: [] },
  glasses: { synonyms: ['sunglasses', 'spectacles'], kinds: [], attributes: [] },
  newspaper: { synonyms: ['paper', 'newspapers'], kinds: ['reading', 'recycling'], attributes: ['thin'] },
  'snack wrapper': {
    synonyms: ['wrapper', 'candy wrapper', 'snack bag', 'trash', 'rubbish'],
    kinds: ['trash'],
    attributes: [],
  },
  hairbrush: { synonyms: ['brush', 'comb'], kinds: [], attributes: [] },
  toothbrush: { synonyms: ['toothbrushes'], kinds: [], attributes: [] },
  umbrella: { synonyms: ['umbrellas'], kinds: [], attributes: ['long'] },
};

/** Words for kinds (super-categories) → the kind they name. */
export const KIND_WORDS: Readonly<Record<string, string>> = {
  toy: 'toys',
  toys: 'toys',
  clothes: 'clothes',
  clothing: 'clothes',
  laundry: 'laundry',
  'dirty laundry': 'laundry',
  footwear: 'footwear',
  dishes: 'dishes',
  tableware: 'dishes',
  'reading material': 'reading',
  electronics: 'electronics',
  gadgets: 'electronics',
  stationery: 'stationery',
  'school stuff': 'stationery',
  trash: 'trash',
  garbage: 'trash',
  rubbish: 'trash',
  recycling: 'recycling',
};

export const FURNITURE_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  sofa: ['couch', 'settee'],
  'low table': ['coffee table', 'table', 'living room table'],
  'dining table': ['table', 'kitchen table'],
  bookshelf: ['bookcase', 'shelf', 'shelves', 'book shelf'],
  'toy box': ['box', 'toy chest', 'toybox', 'toy bin'],
  'laundry basket': ['basket', 'hamper', 'laundry bin', 'washing basket', 'laundry'],
  'shoe rack': ['shoe shelf', 'shoe cabinet', 'rack', 'shoe box'],
  desk: ['study desk', 'writing desk'],
  chair: ['chairs', 'stool'],
  'tv stand': ['tv table', 'tv cabinet', 'television stand'],
  cabinet: ['cupboard', 'sideboard'],
  drawer: ['drawers', 'chest of drawers', 'dresser'],
  'trash can': ['bin', 'trash', 'garbage can', 'dustbin', 'waste basket', 'wastebasket'],
  'recycling bin': ['recycling', 'recycle bin'],
  'kitchen counter': ['counter', 'kitchen'],
  sink: ['kitchen sink'],
  bed: ['beds'],
  door: ['front door'],
  entrance: ['entryway', 'doorway', 'hall', 'hallway', 'genkan'],
  window: ['windows'],
  'coat hook': ['hook', 'hooks', 'coat rack', 'hanger', 'coat hanger'],
};

/** Parts of the room a speaker locates things by ("the shoe by the wall"); never destinations. */
export const ROOM_PARTS: Readonly<Record<string, readonly string[]>> = {
  floor: ['ground'],
  wall: ['walls'],
  corner: ['corners'],
};

/** Colour words → canonical colour. */
export const COLOR_WORDS: Readonly<Record<string, string>> = {
  red: 'red',
  blue: 'blue',
  navy: 'blue',
  green: 'green',
  yellow: 'yellow',
  white: 'white',
  black: 'black',
  brown: 'brown',
  tan: 'brown',
  beige: 'beige',
  pink: 'pink',
  orange: 'orange',
  purple: 'purple',
  violet: 'purple',
  gray: 'gray',
  grey: 'gray',
  silver: 'gray',
  gold: 'yellow',
  reddish: 'red',
  bluish: 'blue',
  blueish: 'blue',
  greenish: 'green',
  yellowish: 'yellow',
  whitish: 'white',
  blackish: 'black',
  brownish: 'brown',
  pinkish: 'pink',
  orangey: 'orange',
  orangish: 'orange',
  purplish: 'purple',
  grayish: 'gray',
  greyish: 'gray',
  dark: 'dark',
  light: 'light',
  pale: 'light',
};

/** Vague colour words: the colours they cover ("the dark one"). */
export const COLOR_GROUPS: Readonly<Record<string, readonly string[]>> = {
  dark: ['black', 'brown', 'gray', 'purple', 'blue'],
  light: ['white', 'beige', 'yellow', 'pink'],
};

export function colorMatches(colors: readonly string[], color: string): boolean {
  return colors.includes(color) || (COLOR_GROUPS[color] ?? []).some((c) => colors.includes(c));
}

/** Attribute words → canonical attribute. */
export const ATTRIBUTE_WORDS: Readonly<Record<string, string>> = {
  fluffy: 'fluffy',
  furry: 'fluffy',
  fuzzy: 'fluffy',
  soft: 'soft',
  squishy: 'soft',
  round: 'round',
  holes: 'holes',
  holey: 'holes',
  striped: 'striped',
  stripy: 'striped',
  spotted: 'spotted',
  dotted: 'spotted',
  plastic: 'plastic',
  wooden: 'wooden',
  metal: 'metal',
  shiny: 'metal',
  flat: 'flat',
  thin: 'thin',
  long: 'long',
  sharp: 'sharp',
  dirty: 'dirty',
  wet: 'wet',
  empty: 'empty',
};

export const SIZE_WORDS: Readonly<Record<string, 'small' | 'medium' | 'large'>> = {
  small: 'small',
  little: 'small',
  tiny: 'small',
  mini: 'small',
  medium: 'medium',
  big: 'large',
  large: 'large',
  huge: 'large',
  giant: 'large',
};

export type RelationName = 'near' | 'on' | 'under' | 'in' | 'left_of' | 'right_of' | 'behind' | 'in_front_of';

/** Prepositions (longest first when matching) → relation. */
export const RELATION_PHRASES: ReadonlyArray<readonly [string, RelationName]> = [
  ['to the left of', 'left_of'],
  ['to the right of', 'right_of'],
  ['on the left of', 'left_of'],
  ['on the right of', 'right_of'],
  ['on top of', 'on'],
  ['in front of', 'in_front_of'],
  ['to the side of', 'near'],
  ['by the side of', 'near'],
  ['at the side of', 'near'],
  ['next to', 'near'],
  ['close to', 'near'],
  ['left of', 'left_of'],
  ['right of', 'right_of'],
  ['inside of', 'in'],
  ['inside', 'in'],
  ['into', 'in'],
  ['onto', 'on'],
  ['underneath', 'under'],
  ['beneath', 'under'],
  ['below', 'under'],
  ['under', 'under'],
  ['beside', 'near'],
  ['near', 'near'],
  ['nearby', 'near'],
  ['by', 'near'],
  ['around', 'near'],
  ['behind', 'behind'],
  ['on', 'on'],
  ['in', 'in'],
  ['at', 'near'],
  ['to', 'in'],
  ['from', 'on'],
  ['off', 'on'],
];

export type Superlative = 'closest' | 'farthest' | 'leftmost' | 'rightmost' | 'biggest' | 'smallest';

export const SUPERLATIVE_WORDS: Readonly<Record<string, Superlative>> = {
  closest: 'closest',
  nearest: 'closest',
  farthest: 'farthest',
  furthest: 'farthest',
  leftmost: 'leftmost',
  rightmost: 'rightmost',
  biggest: 'biggest',
  largest: 'biggest',
  smallest: 'smallest',
};

export const ORDINAL_WORDS: Readonly<Record<string, number>> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  last: -1,
};

/** Naive plural of a category name ("box" → "boxes", "toy car" → "toy cars"). */
export function pluralOf(name: string): string {
  if (/(s|x|ch|sh)$/.test(name)) return `${name}es`;
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  return `${name}s`;
}
