/**
 * The robot as its URDF describes it (`urdf-loader`, the visual geometry), posed in the map by
 * tf (map → base_footprint) and its joints by /joint_states.
 */
import * as THREE from 'three';
import URDFLoader from 'urdf-loader';
import type { URDFRobot } from 'urdf-loader/src/URDFClasses.js';
import type { sensor_msgs } from '../../messages/types.generated.ts';

export class RobotModel {
  readonly object: URDFRobot;
  posed = false;

  private constructor(robot: URDFRobot) {
    this.object = robot;
    this.object.matrixAutoUpdate = false;
    this.object.visible = false;
  }

  static async load(url: string): Promise<RobotModel> {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`cannot fetch the robot's URDF from ${url}: ${response.status}`);
    const loader = new URDFLoader();
    loader.parseCollision = false;
    return new RobotModel(loader.parse(await response.text()));
  }

  /** `map_T_base` is where the URDF's root link is in the map. */
  setPose(mapFromBase: THREE.Matrix4): void {
    this.object.matrix.copy(mapFromBase);
    this.object.matrixWorldNeedsUpdate = true;
    this.object.visible = this.posed = true;
  }

  setJoints(state: sensor_msgs.msg.JointState): void {
    state.name.forEach((name, i) => {
      const position = state.position[i];
      if (position !== undefined && Number.isFinite(position) && this.object.joints[name])
        this.object.setJointValue(name, position);
    });
  }

  /** map_T_link for one of the URDF's links (undefined: no such link or the robot is not posed yet). */
  linkMatrix(link: string): THREE.Matrix4 | undefined {
    const object = this.object.links[link];
    if (!object || !this.posed) return undefined;
    object.updateWorldMatrix(true, false);
    return object.matrixWorld;
  }
}
