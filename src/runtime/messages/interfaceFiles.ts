/**
 * Parses ROS 2 interface files (`.msg`, `.srv`, `.action`) into message definitions with
 * canonical type names (`pkg/msg/Type`, `pkg/srv/Type_Request`, `pkg/action/Type_Goal`).
 *
 * Services and actions expand the way rosidl does: a service `S` gives `S_Request` and
 * `S_Response`; an action `A` gives `A_Goal`, `A_Result`, `A_Feedback` and the wire types
 * `A_SendGoal_{Request,Response}`, `A_GetResult_{Request,Response}` and `A_FeedbackMessage`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, basename, extname } from 'node:path';
import { parse } from '@foxglove/rosmsg';
import type { MessageDefinition, MessageDefinitionField } from '@foxglove/message-definition';

/** `std_msgs/Header` or `std_msgs/msg/Header` → `std_msgs/msg/Header`; srv/action names are kept. */
export function canonicalTypeName(name: string): string {
  const parts = name.split('/');
  if (parts.length === 2) return `${parts[0]}/msg/${parts[1]}`;
  if (parts.length === 3 && parts.every((part) => part.length > 0)) return name;
  throw new Error(`invalid ROS interface type name '${name}': expected 'pkg/msg/Type' or 'pkg/Type'`);
}

/** Rewrites the complex field types of a definition parsed from package `pkg` to canonical names. */
export function canonicalizeFields(fields: MessageDefinitionField[], pkg: string): MessageDefinitionField[] {
  return fields.map((field) => {
    if (!field.isComplex) return field;
    if (field.type === 'builtin_interfaces/Time' || field.type === 'builtin_interfaces/msg/Time')
      return { ...field, type: 'time', isComplex: false };
    if (field.type === 'builtin_interfaces/Duration' || field.type === 'builtin_interfaces/msg/Duration')
      return { ...field, type: 'duration', isComplex: false };
    const qualified = field.type.includes('/') ? field.type : `${pkg}/${field.type}`;
    return { ...field, type: canonicalTypeName(qualified) };
  });
}

function parseSection(text: string, pkg: string, name: string, file: string): MessageDefinition {
  let parsed: MessageDefinition[];
  try {
    parsed = parse(text, { ros2: true, skipTypeFixup: true });
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const fields = parsed[0]?.definitions ?? [];
  return { name, definitions: canonicalizeFields(fields, pkg) };
}

function splitSections(text: string, expected: number, file: string): string[] {
  const sections = text.split(/^---\s*$/m);
  if (sections.length !== expected)
    throw new Error(`${file}: expected ${expected} sections separated by '---', found ${sections.length}`);
  return sections;
}

const UUID = 'unique_identifier_msgs/msg/UUID';

function field(name: string, type: string, isComplex = true): MessageDefinitionField {
  return { name, type, isComplex, isArray: false };
}

/** Definitions declared by one interface file. */
export function parseInterfaceFile(text: string, pkg: string, file: string): MessageDefinition[] {
  const kind = extname(file).slice(1);
  const type = basename(file, extname(file));
  switch (kind) {
    case 'msg':
      return [parseSection(text, pkg, `${pkg}/msg/${type}`, file)];
    case 'srv': {
      const [request = '', response = ''] = splitSections(text, 2, file);
      return [
        parseSection(request, pkg, `${pkg}/srv/${type}_Request`, file),
        parseSection(response, pkg, `${pkg}/srv/${type}_Response`, file),
      ];
    }
    case 'action': {
      const [goal = '', result = '', feedback = ''] = splitSections(text, 3, file);
      const prefix = `${pkg}/action/${type}`;
      return [
        parseSection(goal, pkg, `${prefix}_Goal`, file),
        parseSection(result, pkg, `${prefix}_Result`, file),
        parseSection(feedback, pkg, `${prefix}_Feedback`, file),
        {
          name: `${prefix}_SendGoal_Request`,
          definitions: [field('goal_id', UUID), field('goal', `${prefix}_Goal`)],
        },
        {
          name: `${prefix}_SendGoal_Response`,
          definitions: [field('accepted', 'bool', false), field('stamp', 'time', false)],
        },
        { name: `${prefix}_GetResult_Request`, definitions: [field('goal_id', UUID)] },
        {
          name: `${prefix}_GetResult_Response`,
          definitions: [field('status', 'int8', false), field('result', `${prefix}_Result`)],
        },
        {
          name: `${prefix}_FeedbackMessage`,
          definitions: [field('goal_id', UUID), field('feedback', `${prefix}_Feedback`)],
        },
      ];
    }
    default:
      throw new Error(`${file}: not a ROS interface file (expected .msg, .srv or .action)`);
  }
}

/**
 * Reads every interface file under `root`, laid out as `root/<pkg>/{msg,srv,action}/*`, or
 * as one ROS package (`root` holds `package.xml` and its name is the package name).
 */
export function loadInterfaceDirectory(root: string, packageName?: string): MessageDefinition[] {
  const out: MessageDefinition[] = [];
  const packageDirs = packageName
    ? [{ pkg: packageName, dir: root }]
    : readdirSync(root)
        .filter((entry) => statSync(join(root, entry)).isDirectory())
        .map((entry) => ({ pkg: entry, dir: join(root, entry) }));
  for (const { pkg, dir } of packageDirs) {
    for (const kind of ['msg', 'srv', 'action']) {
      const kindDir = join(dir, kind);
      let files: string[];
      try {
        files = readdirSync(kindDir).filter((entry) => entry.endsWith(`.${kind}`));
      } catch {
        continue;
      }
      for (const file of files.sort()) {
        const path = join(kindDir, file);
        out.push(...parseInterfaceFile(readFileSync(path, 'utf8'), pkg, path));
      }
    }
  }
  return out;
}
