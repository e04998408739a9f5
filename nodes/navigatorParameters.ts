/**
 * Runs a drive with some of the navigator's parameters changed, as a ROS user would with
 * `ros2 param set` (its `set_parameters` service), and puts them back after it, however it ends.
 * A held item hangs half a metre ahead of the base's centre: turning at full rate levered
 * off-centre cup seals and swung items out of the jaws, and a footprint without the arm let the
 * item be swept into walls and tall furniture.
 */
import type { rcl_interfaces } from '../src/messages/types.generated.ts';
import type { Node } from '../src/runtime/Node.ts';
import { fromParameterValueMsg, toParameterValueMsg } from '../src/runtime/ParameterServices.ts';

const CALL_TIMEOUT_MS = 2000;

type DriveParameters = Readonly<Record<string, number | string>>;

export function navigatorParameters(node: Node, navigatorName: string) {
  const get = node.createClient('rcl_interfaces/srv/GetParameters', `${navigatorName}/get_parameters`);
  const set = node.createClient('rcl_interfaces/srv/SetParameters', `${navigatorName}/set_parameters`);
  const apply = async (values: DriveParameters) => {
    const { results } = (await set.sendRequest(
      {
        parameters: Object.entries(values).map(([name, value]) => ({
          name,
          value: toParameterValueMsg(value, typeof value === 'number' ? 'double' : 'string'),
        })),
      },
      { timeoutMs: CALL_TIMEOUT_MS },
    )) as rcl_interfaces.srv.SetParameters_Response;
    const refused = results.find((r) => !r.successful);
    if (refused) throw new Error(`${navigatorName} refused: ${refused.reason}`);
  };
  return {
    /** `drive` with `values` set on the navigator; without them if the navigator cannot be reached. */
    async during<T>(
      values: DriveParameters,
      drive: () => Promise<T>,
      warn: (why: string) => void,
    ): Promise<T> {
      let before: Record<string, number | string> | undefined;
      try {
        const names = Object.keys(values);
        const got = (await get.sendRequest(
          { names },
          { timeoutMs: CALL_TIMEOUT_MS },
        )) as rcl_interfaces.srv.GetParameters_Response;
        before = {};
        for (const [k, name] of names.entries()) {
          const value = got.values[k] && fromParameterValueMsg(got.values[k]);
          if (typeof value !== typeof values[name])
            throw new Error(`${navigatorName} has no ${typeof values[name]} parameter '${name}'`);
          before[name] = value as number | string;
        }
        await apply(values);
      } catch (error) {
        warn(`driving with the navigator's own parameters: ${(error as Error).message}`);
        before = undefined;
      }
      try {
        return await drive();
      } finally {
        if (before) await apply(before).catch((error: Error) => warn(error.message));
      }
    },
  };
}
