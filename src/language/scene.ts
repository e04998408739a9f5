/**
 * The world model grounding works on: objects and furniture with positions in the map frame
 * (metres, z up), as the scene JSON of `katazuke ground --scene` gives it. Missing optional
 * fields never break grounding; malformed input is rejected naming what is wrong.
 */
export type SizeClass = 'small' | 'medium' | 'large';
export type Vec3 = readonly [number, number, number];

export interface SceneObject {
  readonly id: string;
  readonly category: string;
  readonly colors: readonly string[];
  readonly position: Vec3;
  readonly size?: SizeClass;
  readonly attributes?: readonly string[];
  /** Furniture id the object rests on / is inside. */
  readonly on?: string;
  readonly in?: string;
  /** True once the robot has put the object where it belongs (for progress reports). */
  readonly putAway?: boolean;
}

export interface SceneFurniture {
  readonly id: string;
  readonly category: string;
  readonly name?: string;
  readonly position: Vec3;
  /** Full extent [dx, dy, dz] in metres. */
  readonly extent?: Vec3;
}

export interface Agent {
  readonly position: Vec3;
  readonly yaw: number;
}

export interface Scene {
  readonly objects: readonly SceneObject[];
  readonly furniture: readonly SceneFurniture[];
  readonly robot?: Agent;
  readonly speaker?: Agent;
}

function vec3(value: unknown, where: string): Vec3 {
  if (
    !Array.isArray(value) ||
    value.length !== 3 ||
    !value.every((v) => typeof v === 'number' && Number.isFinite(v))
  )
    throw new Error(`${where} must be [x, y, z] in metres, got ${JSON.stringify(value)}`);
  return [value[0], value[1], value[2]];
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new Error(`${where} must be a non-empty string, got ${JSON.stringify(value)}`);
  return value.trim().toLowerCase();
}

function agent(value: unknown, where: string): Agent | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object') throw new Error(`${where} must be {position, yaw}`);
  const record = value as Record<string, unknown>;
  const yaw = record.yaw ?? 0;
  if (typeof yaw !== 'number' || !Number.isFinite(yaw))
    throw new Error(`${where}.yaw must be a number (radians)`);
  return { position: vec3(record.position, `${where}.position`), yaw };
}

/** Checks and normalizes a scene (lower-case categories and colours); throws naming the bad field. */
export function parseScene(input: unknown): Scene {
  if (typeof input !== 'object' || input === null)
    throw new Error('a scene must be a JSON object with objects and furniture');
  const record = input as Record<string, unknown>;
  const list = (key: string): unknown[] => {
    const value = record[key] ?? [];
    if (!Array.isArray(value)) throw new Error(`scene.${key} must be a list`);
    return value;
  };
  const ids = new Set<string>();
  const uniqueId = (value: unknown, where: string): string => {
    if (typeof value !== 'string' || value === '') throw new Error(`${where}.id must be a non-empty string`);
    if (ids.has(value)) throw new Error(`${where}.id '${value}' is used twice`);
    ids.add(value);
    return value;
  };
  const furniture = list('furniture').map((raw, i): SceneFurniture => {
    const where = `scene.furniture[${i}]`;
    const f = (raw ?? {}) as Record<string, unknown>;
    return {
      id: uniqueId(f.id, where),
      category: text(f.category, `${where}.category`),
      ...(typeof f.name === 'string' ? { name: f.name.toLowerCase() } : {}),
      position: vec3(f.position, `${where}.position`),
      ...(f.extent !== undefined ? { extent: vec3(f.extent, `${where}.extent`) } : {}),
    };
  });
  const objects = list('objects').map((raw, i): SceneObject => {
    const where = `scene.objects[${i}]`;
    const o = (raw ?? {}) as Record<string, unknown>;
    const colors = o.colors ?? [];
    if (!Array.isArray(colors)) throw new Error(`${where}.colors must be a list of colour words`);
    const size = o.size;
    if (size !== undefined && size !== 'small' && size !== 'medium' && size !== 'large')
      throw new Error(`${where}.size must be small, medium or large`);
    const attributes = o.attributes ?? [];
    if (!Array.isArray(attributes)) throw new Error(`${where}.attributes must be a list of words`);
    for (const key of ['on', 'in'] as const) {
      if (o[key] !== undefined && !furniture.some((f) => f.id === o[key]))
        throw new Error(`${where}.${key} names unknown furniture '${String(o[key])}'`);
    }
    return {
      id: uniqueId(o.id, where),
      category: text(o.category, `${where}.category`),
      colors: colors.map((c, j) => text(c, `${where}.colors[${j}]`)),
      position: vec3(o.position, `${where}.position`),
      ...(size ? { size } : {}),
      attributes: attributes.map((a, j) => text(a, `${where}.attributes[${j}]`)),
      ...(typeof o.on === 'string' ? { on: o.on } : {}),
      ...(typeof o.in === 'string' ? { in: o.in } : {}),
      ...(o.putAway === true ? { putAway: true } : {}),
    };
  });
  const robot = agent(record.robot, 'scene.robot');
  const speaker = agent(record.speaker, 'scene.speaker');
  return { objects, furniture, ...(robot ? { robot } : {}), ...(speaker ? { speaker } : {}) };
}
