/**
 * Parameter names on the control endpoint follow foxglove_bridge: `/ns/node.param`
 * (the node's full name, a dot, the parameter name).
 */
export function qualifiedParameterName(node: string, parameter: string): string {
  return `${node}.${parameter}`;
}

export function splitQualifiedParameterName(name: string): { node: string; parameter: string } {
  const slash = name.lastIndexOf('/');
  const dot = name.indexOf('.', slash);
  if (!name.startsWith('/') || dot < 0)
    throw new Error(`parameter name '${name}' is not of the form /node.parameter`);
  return { node: name.slice(0, dot), parameter: name.slice(dot + 1) };
}

/** The node names of a graph, from their standard parameter services. */
export function nodesFromServices(services: Iterable<string>): string[] {
  const nodes: string[] = [];
  for (const service of services)
    if (service.endsWith('/get_parameters')) nodes.push(service.slice(0, -'/get_parameters'.length));
  return nodes.sort();
}
