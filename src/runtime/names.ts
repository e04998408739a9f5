/**
 * ROS 2 name resolution: validation of node names, namespaces and topic/service names,
 * expansion of relative (`chatter` → `/ns/chatter`) and private (`~/x` → `/ns/node/x`)
 * names, and `--ros-args -r from:=to` remapping (applied to the expanded name).
 */

const TOKEN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function validateNodeName(name: string): string {
  if (!TOKEN.test(name))
    throw new Error(`invalid node name '${name}': use letters, digits and '_', not starting with a digit`);
  return name;
}

/** `''`, `ns`, `/ns/` → `/`, `/ns`, `/ns`. */
export function normalizeNamespace(namespace: string): string {
  const trimmed = namespace.replace(/\/+$/, '');
  const absolute = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  if (absolute === '/') return '/';
  for (const token of absolute.slice(1).split('/')) {
    if (!TOKEN.test(token))
      throw new Error(
        `invalid namespace '${namespace}': token '${token}' must use letters, digits and '_', not start with a digit`,
      );
  }
  return absolute;
}

export function fullyQualifiedNodeName(namespace: string, name: string): string {
  const ns = normalizeNamespace(namespace);
  return ns === '/' ? `/${name}` : `${ns}/${name}`;
}

/** Expands a topic or service name for a node in `namespace` named `nodeName`. */
export function expandTopicName(name: string, nodeName: string, namespace: string): string {
  if (name.length === 0) throw new Error('invalid topic name: it is empty');
  const ns = normalizeNamespace(namespace);
  let expanded: string;
  if (name.startsWith('/')) expanded = name;
  else if (name === '~' || name.startsWith('~/'))
    expanded = fullyQualifiedNodeName(ns, nodeName) + name.slice(1);
  else expanded = ns === '/' ? `/${name}` : `${ns}/${name}`;
  if (expanded.length > 1 && expanded.endsWith('/'))
    throw new Error(`invalid topic name '${name}': it must not end with '/'`);
  for (const token of expanded.slice(1).split('/')) {
    if (!TOKEN.test(token))
      throw new Error(
        `invalid topic name '${name}': token '${token}' must use letters, digits and '_', not start with a digit`,
      );
  }
  return expanded;
}

/** A `from:=to` rule, optionally limited to one node (`node:from:=to`). */
export interface RemapRule {
  readonly node?: string;
  readonly from: string;
  readonly to: string;
}

/** Resolves a topic or service name: expansion, then the first remap rule that matches. */
export function resolveTopicName(
  name: string,
  nodeName: string,
  namespace: string,
  remaps: readonly RemapRule[],
): string {
  const expanded = expandTopicName(name, nodeName, namespace);
  for (const rule of remaps) {
    if (rule.from.startsWith('__')) continue;
    if (rule.node !== undefined && rule.node !== nodeName) continue;
    if (expandTopicName(rule.from, nodeName, namespace) === expanded)
      return expandTopicName(rule.to, nodeName, namespace);
  }
  return expanded;
}
