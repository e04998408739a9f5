#!/usr/bin/env bash
# Type-checks the rclnodejs adapter against rclnodejs' own typings without building rclnodejs
# (it builds only where ROS 2 is sourced): the package of the locked version is fetched from
# the npm registry and unpacked; the one file its build generates (interfaces.d.ts, the ROS
# message types) is replaced by a small stub.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node -p "require('./package-lock.json').packages['node_modules/rclnodejs'].version")
dir=node_modules/.cache/rclnodejs-types
if [ ! -f "$dir/types/index.d.ts" ] || [ "$(cat "$dir/version" 2>/dev/null)" != "$version" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && npm pack --silent "rclnodejs@$version" >/dev/null && tar xzf rclnodejs-*.tgz --strip-components=1 package/types && rm rclnodejs-*.tgz)
  echo "$version" > "$dir/version"
fi
cat > "$dir/types/interfaces.d.ts" <<'STUB'
// Stub for the file rclnodejs generates from the sourced ROS 2 interfaces (rostsd_gen):
// the same type names, with open maps instead of one entry per ROS type.
declare module 'rclnodejs' {
  type MessagesMap = { [name: string]: object };
  type MessageTypeClassName = string;
  type Message = object;
  type MessageType<T> = object;
  type MessageTypeClassConstructorMap = { [name: string]: unknown };
  type MessageConstructorType<T> = unknown;
  type ServicesMap = { [name: string]: { Request: object; Response: object } };
  type ServiceTypeClassName = string;
  type Service = { Request: object; Response: object };
  type ServiceType<T> = Service;
  type ActionsMap = { [name: string]: { Goal: object; Result: object; Feedback: object } };
  type ActionTypeClassName = string;
  type Action = { Goal: object; Result: object; Feedback: object };
  type ActionType<T> = Action;
  type TypeClassName = string;
  type InterfaceType<T> = object;
}
STUB
touch "$dir/interfaces-stub.d.ts"
npx tsc -p tsconfig.ros2.json
echo "rclnodejs $version typings: the ros2 adapter conforms"
