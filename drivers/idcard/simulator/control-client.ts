// Sends one step to a running ID card reader simulator over its control socket and returns its answer.
import { sendControlStep, type ControlAnswer as Answer } from '../../simulators/control-socket.ts';
import type { SimulatorState, SimulatorStep } from './control.ts';

export type ControlAnswer = Answer<SimulatorState>;

export function sendSimulatorStep(socketPath: string, step: SimulatorStep, timeoutMs = 5000): Promise<ControlAnswer> {
  return sendControlStep<SimulatorState>(socketPath, step, timeoutMs);
}
