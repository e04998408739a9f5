import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Grounder } from '../../src/language/Grounder.ts';
import { prepareJapanese } from '../../src/language/japaneseAnalyzer.ts';
import { parseScene } from '../../src/language/scene.ts';

const scene = parseScene(
  JSON.parse(readFileSync(new URL('../fixtures/scenes/living_room.json', import.meta.url), 'utf8')),
);
beforeAll(prepareJapanese);

const ground = (text: string, language: 'en' | 'ja' = 'en') => new Grounder(scene, language).turn(text);

describe('intents', () => {
  it.each([
    ['tidy up', 'tidy_all'],
    ['clean up this mess please', 'tidy_all'],
    ['tidy up the toys', 'tidy'],
    ['put the red cup in the toy box', 'move'],
    ['bring me the remote', 'bring'],
    ['where is the remote?', 'find'],
    ['stop', 'stop'],
    ['ok you can continue', 'resume'],
    ['tidy up the toys first', 'prioritize'],
    ['socks go in the laundry basket', 'set_rule'],
    ['the socks go in the laundry basket', 'set_rule'],
    // A definite thing is moved, not made a rule for its whole category.
    ['the red cup goes in the toy box', 'move'],
    ['can the socks go in the laundry basket', 'move'],
  ])('"%s" → %s', (text, intent) => {
    expect(ground(text).intent).toBe(intent);
  });
});

describe('references', () => {
  it('by category synonym, colour, size and attribute', () => {
    expect(ground('put the crimson... no, the red mug in the toy box').targets).toEqual(['cup_red']);
    expect(ground('put the brown fluffy thing in the box')).toMatchObject({
      targets: ['bear'],
      destination: 'toy_box',
    });
    expect(ground('bring me the small blue car').targets).toEqual(['car_2']);
  });

  it('by spatial relation: on, near, under', () => {
    expect(ground('put the cup on the table in the toy box').targets).toEqual(['cup_red']);
    expect(ground('put the cup under the sofa on the low table')).toMatchObject({
      targets: ['cup_blue'],
      destination: 'low_table',
    });
    expect(ground('bring me the sock near the toy blocks').status).toBe('asking');
  });

  it('left and right from the speaker, or from the robot when asked', () => {
    // The speaker looks along +y; the robot along +x. car_1 is at x=-1.0, car_2 at x=-0.5.
    expect(ground('put the car on the left in the toy box').targets).toEqual(['car_1']);
    expect(ground('put the car on the right in the toy box').targets).toEqual(['car_2']);
    expect(ground('put the car to your left of the table in the toy box').intent).toBe('move');
  });

  it('ordinals, superlatives and plurals', () => {
    expect(ground('put the second car in the toy box').targets).toEqual(['car_2']);
    expect(ground('bring me the closest cup').targets).toEqual(['cup_red']);
    expect(ground('bring me the farthest cup').targets).toEqual(['cup_blue']);
    expect(ground('put all the socks in the laundry basket')).toMatchObject({
      targets: ['sock_1', 'sock_2'],
      destination: 'laundry_basket',
    });
    expect(ground('put the socks in the basket').targets).toHaveLength(2);
  });

  it('destinations by name and relation', () => {
    expect(ground('put the book on the shelf by the window').destination).toBe('bookshelf');
    expect(ground('put the cup on the table on the shelf by the window')).toMatchObject({
      targets: ['cup_red'],
      destination: 'bookshelf',
    });
  });

  it('informal and elliptical speech', () => {
    expect(ground('uh put da red car in toy box pls')).toMatchObject({
      intent: 'move',
      targets: ['car_1'],
      destination: 'toy_box',
    });
    expect(ground('red cup -> basket')).toMatchObject({
      intent: 'move',
      targets: ['cup_red'],
      destination: 'laundry_basket',
    });
  });

  it('"it" refers to what was talked about last', () => {
    const grounder = new Grounder(scene);
    grounder.turn('where is the teddy bear');
    expect(grounder.turn('put it in the toy box')).toMatchObject({
      intent: 'move',
      targets: ['bear'],
      destination: 'toy_box',
    });
  });
});

describe('clarification', () => {
  it('asks a question that tells the candidates apart and resolves the answer', () => {
    const grounder = new Grounder(scene);
    const first = grounder.turn('put the cup in the toy box');
    expect(first.status).toBe('asking');
    expect(first.question).toBe('Which cup: the red one on the low table or the blue one under the sofa?');
    expect(first.targets).toEqual([]);
    expect(grounder.turn('the one by the sofa')).toMatchObject({
      intent: 'move',
      targets: ['cup_blue'],
      destination: 'toy_box',
      status: 'done',
    });
  });

  it('resolves answers by colour, ordinal and "both", and can be cancelled', () => {
    const byColor = new Grounder(scene);
    byColor.turn('bring me a cup');
    expect(byColor.turn('red').targets).toEqual(['cup_red']);
    const both = new Grounder(scene);
    both.turn('put the toy car in the toy box');
    expect(both.turn('both of them').targets).toEqual(['car_1', 'car_2']);
    const cancelled = new Grounder(scene);
    cancelled.turn('put the cup in the toy box');
    expect(cancelled.turn('never mind')).toMatchObject({ intent: 'none', reply: 'OK, never mind.' });
  });

  it('a new instruction replaces a pending question', () => {
    const grounder = new Grounder(scene);
    grounder.turn('put the cup in the toy box');
    expect(grounder.turn('stop').intent).toBe('stop');
  });

  it('asks which place when the destination is ambiguous', () => {
    const withTwoTables = parseScene({
      ...JSON.parse(readFileSync(new URL('../fixtures/scenes/living_room.json', import.meta.url), 'utf8')),
      furniture: [
        { id: 'low_table', category: 'low table', position: [0, 0.8, 0.2], extent: [1.2, 0.6, 0.4] },
        { id: 'dining_table', category: 'dining table', position: [4, 4, 0.37], extent: [1.6, 0.9, 0.74] },
        { id: 'sofa', category: 'sofa', position: [0, 2, 0.4], extent: [2, 0.9, 0.8] },
      ],
      objects: [{ id: 'book_1', category: 'book', colors: ['green'], position: [0.1, 2.9, 0.03] }],
    });
    const grounder = new Grounder(withTwoTables);
    const asked = grounder.turn('put the book on the table');
    expect(asked.question).toMatch(/^Which table: /);
    expect(grounder.turn('the one near the sofa')).toMatchObject({
      targets: ['book_1'],
      destination: 'low_table',
    });
  });
});

describe('answers and refusals', () => {
  it('says where things are in words a person uses', () => {
    expect(ground('where are the socks?').reply).toBe('The socks are near the toy blocks by the shoe rack.');
    expect(ground('where did you put my remote').reply).toBe(
      'The remote control is near the cup on the sofa.',
    );
  });

  it('hears "robot" as a word of a category, and as a filler only when it addresses the robot', () => {
    const toys = parseScene({
      objects: [
        { id: 'toy_robot_1', category: 'toy robot', colors: ['red'], position: [1, 1, 0] },
        { id: 'toy_car_1', category: 'toy car', colors: ['blue'], position: [2, 1, 0] },
        { id: 'glasses_1', category: 'glasses', colors: ['black'], position: [3, 2, 0] },
      ],
      furniture: [{ id: 'toy_box', category: 'toy box', position: [4, 4, 0.2] }],
    });
    const turn = (text: string) => new Grounder(toys).turn(text);
    expect(turn('where is the toy robot')).toMatchObject({ intent: 'find', targets: ['toy_robot_1'] });
    expect(turn('robot, put the toy car in the toy box')).toMatchObject({
      intent: 'move',
      targets: ['toy_car_1'],
      destination: 'toy_box',
    });
    // One pair of glasses is still "are".
    expect(turn('where are my glasses').reply).toBe('The glasses are on the floor.');
  });

  it('says so when nothing matches, and does nothing', () => {
    expect(ground('bring me the scissors')).toMatchObject({
      intent: 'none',
      targets: [],
      reply: "I can't see any scissors.",
    });
    expect(ground('put the purple cup in the box').status).toBe('asking');
  });

  it('takes the first of several heard readings that names something in the room', () => {
    const grounder = new Grounder(scene);
    // "scissors" was misheard for "socks": the second reading names things that are here.
    expect(
      grounder.turnReadings([
        'put the scissors in the laundry basket',
        'put the socks in the laundry basket',
      ]),
    ).toMatchObject({
      intent: 'move',
      targets: ['sock_1', 'sock_2'],
      destination: 'laundry_basket',
      reading: 'put the socks in the laundry basket',
    });
    // A question pending from an earlier turn survives readings that were tried and dropped.
    expect(grounder.turnReadings(['bring me the cup']).status).toBe('asking');
    expect(grounder.turnReadings(['bring me the scissors', 'the red one'])).toMatchObject({
      targets: ['cup_red'],
      reading: 'the red one',
    });
    // When no reading makes sense, the first one answers.
    expect(grounder.turnReadings(['bring me the scissors', 'bring me the hammer'])).toMatchObject({
      reply: "I can't see any scissors.",
      reading: 'bring me the scissors',
    });
  });

  it('refuses unsafe and out-of-domain requests politely', () => {
    expect(ground('throw the ball at the window')).toMatchObject({ intent: 'none', status: 'refused' });
    expect(ground('what is the weather tomorrow')).toMatchObject({ intent: 'none', status: 'refused' });
  });

  it('bad input gets a clear reply and no action', () => {
    for (const text of ['', '   ', 'asdf qwerty zxcv', 'flibber the wozzle', 'x'.repeat(5000), '!!!???']) {
      const result = ground(text);
      expect(result.intent).toBe('none');
      expect(result.targets).toEqual([]);
      expect(result.reply.length).toBeGreaterThan(10);
    }
    expect(ground('x'.repeat(5000)).reply).toMatch(/too long/);
    expect(ground('').reply).toMatch(/didn't hear anything/);
  });

  it('reports progress', () => {
    const half = parseScene({ ...scene, objects: scene.objects.map((o, i) => ({ ...o, putAway: i < 4 })) });
    expect(new Grounder(half).turn('how is it going?').reply).toBe('I have put away 4 of 10 things.');
  });
});

describe('Japanese', () => {
  it.each([
    ['リモコンはどこ？', { intent: 'find', targets: ['remote'] }],
    ['赤いコップをおもちゃ箱に入れて', { intent: 'move', targets: ['cup_red'], destination: 'toy_box' }],
    [
      'テーブルの上のコップを本棚に置いて',
      { intent: 'move', targets: ['cup_red'], destination: 'bookshelf' },
    ],
    ['おもちゃを片付けて', { intent: 'tidy', targets: ['blocks', 'bear', 'car_1', 'car_2'] }],
    ['片付けて', { intent: 'tidy_all' }],
    ['ストップ', { intent: 'stop' }],
    ['リモコンを持ってきて', { intent: 'bring', targets: ['remote'] }],
    ['靴下はこれから洗濯かごに入れてね', { intent: 'set_rule', destination: 'laundry_basket' }],
    ['おもちゃを先に片付けて', { intent: 'prioritize' }],
    ['包丁を持ってきて', { intent: 'none' }],
  ])('%s', (text, expected) => {
    expect(ground(text, 'ja')).toMatchObject(expected);
  });

  it('clarifies in a dialogue: 「靴下を洗濯かごに入れて」 then 「白いの」', () => {
    const grounder = new Grounder(scene, 'ja');
    expect(grounder.turn('靴下を洗濯かごに入れて').question).toBe(
      'Which sock: the white one or the gray one?',
    );
    expect(grounder.turn('白いの')).toMatchObject({
      intent: 'move',
      targets: ['sock_1'],
      destination: 'laundry_basket',
    });
  });
});

describe('scene files', () => {
  it('reject malformed scenes naming the field', () => {
    expect(() =>
      parseScene({ objects: [{ id: 'a', category: 'cup', colors: ['red'], position: [0, 0] }] }),
    ).toThrow(/scene\.objects\[0\]\.position must be \[x, y, z\]/);
    expect(() =>
      parseScene({ objects: [{ id: 'a', category: 'cup', position: [0, 0, 0], on: 'nowhere' }] }),
    ).toThrow(/names unknown furniture 'nowhere'/);
    expect(() =>
      parseScene({
        furniture: [
          { id: 'x', category: 'sofa', position: [0, 0, 0] },
          { id: 'x', category: 'desk', position: [1, 0, 0] },
        ],
      }),
    ).toThrow(/'x' is used twice/);
  });

  it('accept scenes without optional fields and with unknown categories', () => {
    const minimal = parseScene({
      objects: [{ id: 'w', category: 'widget', position: [0, 0, 0] }],
      furniture: [{ id: 'crate', category: 'crate', position: [1, 1, 0] }],
    });
    expect(new Grounder(minimal).turn('put the widget in the crate')).toMatchObject({
      intent: 'move',
      targets: ['w'],
      destination: 'crate',
    });
  });
});

describe('free-form phrasing', () => {
  it.each([
    ['put the cup that is sitting on the low table in the toy box', ['cup_red'], 'toy_box'],
    ['blue cup, toy box', ['cup_blue'], 'toy_box'],
    ['put the red — no, the blue cup in the toy box', ['cup_blue'], 'toy_box'],
    ['not the red car, the blue one: toy box', ['car_2'], 'toy_box'],
    ['the red car, put it in the toy box', ['car_1'], 'toy_box'],
    ['shelve the book', ['book_1'], 'bookshelf'],
    ['the red car goes in the toy box', ['car_1'], 'toy_box'],
  ])('"%s" moves %j to %s', (text, targets, destination) => {
    expect(ground(text)).toMatchObject({ intent: 'move', targets, destination });
  });

  it.each([
    ['toy box: the blue cup', ['cup_blue'], 'toy_box'],
    ['put cup blue in toy box', ['cup_blue'], 'toy_box'],
    ['would it be possible to put the bear in the toy box', ['bear'], 'toy_box'],
    ['put the bear in the toy box and the remote too', ['bear', 'remote'], 'toy_box'],
  ])('"%s" moves %j to %s', (text, targets, destination) => {
    expect(ground(text)).toMatchObject({ intent: 'move', targets, destination });
  });

  it('asks about the one of several things named together that is unclear, and keeps the others', () => {
    const grounder = new Grounder(scene);
    expect(grounder.turn('put the bear and the cup in the toy box').status).toBe('asking');
    expect(grounder.turn('the red one')).toMatchObject({
      intent: 'move',
      targets: ['bear', 'cup_red'],
      destination: 'toy_box',
    });
  });

  it('a category with no determiner sets a rule', () => {
    expect(ground('toy cars go in the toy box')).toMatchObject({
      intent: 'set_rule',
      targets: ['car_1', 'car_2'],
      destination: 'toy_box',
    });
  });

  it.each([
    ['あおいコップをおもちゃばこに入れて', ['cup_blue'], 'toy_box'],
    ['青いコップをデスクに置いといて', ['cup_blue'], 'desk'],
    ['赤いミニカーはおもちゃ箱ね', ['car_1'], 'toy_box'],
  ])('「%s」 moves %j to %s', (text, targets, destination) => {
    expect(ground(text, 'ja')).toMatchObject({ intent: 'move', targets, destination });
  });
});

describe('a scene with categories the lexicon lacks', () => {
  const den = parseScene({
    furniture: [
      { id: 'armchair', category: 'armchair', position: [1.8, 1.8, 0.4], extent: [0.9, 0.9, 0.8] },
      { id: 'shelf', category: 'bookshelf', position: [2.8, 0.6, 0.9], extent: [0.35, 1, 1.8] },
    ],
    objects: [
      { id: 'laptop', category: 'laptop', colors: ['gray'], position: [0.9, -0.3, 0.02] },
      { id: 'dino', category: 'toy dinosaur', colors: ['green'], position: [-0.8, 0.4, 0.05] },
      { id: 'vase', category: 'vase', colors: ['white'], position: [2.2, -0.4, 0.15] },
    ],
  });
  it.each([
    ['put the computer on the chair', ['laptop'], 'armchair'],
    ['the dino, bookshelf', ['dino'], 'shelf'],
  ])('"%s" moves %j to %s', (text, targets, destination) => {
    expect(new Grounder(den).turn(text)).toMatchObject({ intent: 'move', targets, destination });
  });
  it('"tidy up the toys" finds the toy dinosaur', () => {
    expect(new Grounder(den).turn('tidy up the toys')).toMatchObject({ intent: 'tidy', targets: ['dino'] });
  });
  it('Japanese reaches them through EDICT and loanwords', () => {
    expect(new Grounder(den, 'ja').turn('花瓶を本棚に置いて')).toMatchObject({
      intent: 'move',
      targets: ['vase'],
      destination: 'shelf',
    });
  });
});

describe('a scene that names things its own way', () => {
  const utility = parseScene({
    furniture: [
      { id: 'hamper', category: 'laundry basket', position: [-1.2, 2.4, 0.3], extent: [0.5, 0.4, 0.6] },
      { id: 'bench', category: 'bench', position: [0.8, -2.4, 0.22], extent: [1.2, 0.4, 0.45] },
      { id: 'toy_box', category: 'toy box', position: [2.4, -1.3, 0.25], extent: [0.7, 0.45, 0.5] },
      { id: 'rack', category: 'shoe rack', position: [-2.6, -1.5, 0.25], extent: [0.35, 0.9, 0.5] },
    ],
    objects: [
      { id: 'bottle', category: 'bottle', colors: ['blue'], position: [0.3, 0.5, 0.1] },
      { id: 'sneaker', category: 'sneaker', colors: ['white'], position: [-1, 0, 0.05] },
      { id: 'rabbit', category: 'stuffed animal', colors: ['pink'], position: [1.9, 0.6, 0.08] },
      { id: 'ball', category: 'ball', colors: ['green'], position: [2, -0.9, 0.04] },
      { id: 'towel', category: 'towel', colors: ['blue'], position: [0.6, -2.4, 0.47], on: 'bench' },
    ],
  });
  const turn = (text: string, language: 'en' | 'ja' = 'en') => new Grounder(utility, language).turn(text);
  it('a category the lexicon files under another takes that one’s names ("water bottle", "shoes")', () => {
    expect(turn('bring me the water bottle')).toMatchObject({ intent: 'bring', targets: ['bottle'] });
    expect(turn('start with the shoes')).toMatchObject({ intent: 'prioritize', targets: ['sneaker'] });
  });
  it('an animal’s name is the toy animal, in English and Japanese', () => {
    expect(turn('the rabbit, toy box')).toMatchObject({
      intent: 'move',
      targets: ['rabbit'],
      destination: 'toy_box',
    });
    expect(turn('うさぎをおもちゃ箱に入れて', 'ja')).toMatchObject({ intent: 'move', targets: ['rabbit'] });
  });
  it('"where it belongs" is putting away, and any room by its name is the whole room', () => {
    expect(turn('put everything back where it belongs')).toMatchObject({ intent: 'tidy_all' });
    expect(turn('tidy up the laundry room')).toMatchObject({ intent: 'tidy_all' });
  });
  it('"it" after the furniture just named is that furniture', () => {
    expect(turn('the ball by the toy box goes inside it')).toMatchObject({
      intent: 'move',
      targets: ['ball'],
      destination: 'toy_box',
    });
  });
  it('a Japanese relation holds across the modifiers of the thing it locates (「ベンチの上の青いタオル」)', () => {
    expect(turn('ベンチの上の青いタオル取って', 'ja')).toMatchObject({ intent: 'bring', targets: ['towel'] });
  });
});

describe('a garage', () => {
  const garage = parseScene({
    furniture: [
      { id: 'toolbox', category: 'toolbox', position: [-2.4, 1.8, 0.2], extent: [0.6, 0.3, 0.4] },
      { id: 'shelf', category: 'shelf', position: [2.6, 1, 0.9], extent: [0.4, 1.2, 1.8] },
      { id: 'bench', category: 'workbench', position: [0, 2.6, 0.45], extent: [1.6, 0.6, 0.9] },
    ],
    objects: [
      { id: 'hammer', category: 'hammer', colors: ['red'], position: [-0.8, 0.6, 0.02] },
      { id: 'screwdriver', category: 'screwdriver', colors: ['yellow'], position: [0.4, 0.2, 0.01] },
      { id: 'helmet', category: 'helmet', colors: ['white'], position: [1.5, -0.6, 0.12] },
      { id: 'gloves', category: 'glove', colors: ['yellow'], position: [-1.4, -0.5, 0.02] },
    ],
  });
  const turn = (text: string, language: 'en' | 'ja' = 'en') => new Grounder(garage, language).turn(text);
  it('a closed compound said as two words names it ("tool box")', () => {
    expect(turn('put the screwdriver away in the tool box')).toMatchObject({
      intent: 'move',
      targets: ['screwdriver'],
      destination: 'toolbox',
    });
  });
  it('a verb’s own place gives way to the one said where the room lacks it ("hang … on the shelf")', () => {
    expect(turn('hang the helmet on the shelf')).toMatchObject({
      intent: 'move',
      targets: ['helmet'],
      destination: 'shelf',
    });
  });
  it('a general word reaches a category through any of its senses that is a thing (a hammer is a tool)', () => {
    expect(turn('do the tools first')).toMatchObject({
      intent: 'prioritize',
      targets: ['hammer', 'screwdriver'],
    });
  });
  it('a Japanese word reaches the room through its gloss’s head word (軍手: cotton gloves)', () => {
    expect(turn('軍手を作業台に置いて', 'ja')).toMatchObject({
      intent: 'move',
      targets: ['gloves'],
      destination: 'bench',
    });
  });
});

describe('questions about things that look alike', () => {
  it('tells two brown boots on the floor apart by left and right, and takes the answer', () => {
    const hall = parseScene({
      speaker: { position: [0, -2, 0], yaw: Math.PI / 2 },
      furniture: [{ id: 'rack', category: 'shoe rack', position: [-2.5, -1.8, 0.3] }],
      objects: [
        { id: 'boot_l', category: 'boot', colors: ['brown'], position: [-0.6, -1.4, 0.1] },
        { id: 'boot_r', category: 'boot', colors: ['brown'], position: [-0.3, -1.5, 0.1] },
      ],
    });
    const grounder = new Grounder(hall);
    expect(grounder.turn('put the boot on the rack').question).toBe(
      'Which boot: the one on the left or the one on the right?',
    );
    expect(grounder.turn('the one on the right')).toMatchObject({ targets: ['boot_r'], destination: 'rack' });
  });
});
