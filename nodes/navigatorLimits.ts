/**
 * Runs a drive with the navigator's turn limits lowered, as a ROS user would with `ros2 param set`
 * (its `set_parameters` service), and puts the limits back after it, however it ends. A held item
 * hangs half a metre ahead of the base's centre: turning at full rate levered off-centre cup seals
 * and swung items out of the jaws.
 */
import type { rcl_interfaces } from '../src/messages/types.generated.ts';
import type { Node } from '../src/runtime/Node.ts';
import { fromParameterValueMsg, toParameterValueMsg } from '../src/runtime/ParameterServices.ts';

const CALL_TIMEOUT_MS = 2000;

type DoubleParameters = Readonly<Record<string, number>>;

export function navigatorLimits(node: Node, navigatorName: string) {
  const get = node.createClient('rcl_interfaces/srv/GetParameters', `${navigatorName}/get_parameters`);
  const set = node.createClient('rcl_interfaces/srv/SetParameters', `${navigatorName}/set_parameters`);
  const apply = async (values: DoubleParameters) => {
    const { results } = (await set.sendRequest(
      {
        parameters: Object.entries(values).map(([name, value]) => ({
          name,
          value: toParameterValueMsg(value, 'double'),
        })),
      },
      { timeoutMs: CALL_TIMEOUT_MS },
    )) as rcl_interfaces.srv.SetParameters_Response;
    const refused = results.find((r) => !r.successful);
    if (refused) throw new Error(`${navigatorName} refused its limits: ${refused.reason}`);
  };
  return {
    /** `drive` with `values` set on the navigator; without them if the navigator cannot be reached. */
    async during<T>(
      values: DoubleParameters,
      drive: () => Promise<T>,
      warn: (why: string) => void,
    ): Promise<T> {
      let before: Record<string, number> | undefined;
      try {
        const names = Object.keys(values);
        const got = (await get.sendRequest(
          { names },
          { timeoutMs: CALL_TIMEOUT_MS },
        )) as rcl_interfaces.srv.GetParameters_Response;
        before = {};
        for (const [k, name] of names.entries()) {
          const value = got.values[k] && fromParameterValueMsg(got.values[k]);
          if (typeof value !== 'number') throw new Error(`${navigatorName} has no parameter '${name}'`);
          before[name] = value;
        }
        await apply(values);
      } catch (error) {
        warn(`driving at the navigator's own limits: ${(error as Error).message}`);
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
