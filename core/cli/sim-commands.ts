// kioskctl sim …: steer the running ID card reader simulator (npm start runs one) through its control socket.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseStep, type SimulatorStep } from '../../drivers/idcard/simulator/control.ts';
import { sendSimulatorStep } from '../../drivers/idcard/simulator/control-client.ts';
import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';
import { CliError, EXIT, printJson } from './output.ts';

/** Where npm start's simulator listens (data/idcard-simulator/control.sock under the project). */
export function defaultControlSocket(rootDir: string): string {
  return path.join(rootDir, 'data', 'idcard-simulator', 'control.sock');
}

const FAULT_FLAGS = ['stallNextReply', 'mute', 'onlyTheRead', 'removeDuringRead', 'removeAfterFind', 'samFault'];
const FAULT_NUMBERS = ['replyDelayMs', 'corruptReplies'];
/** A status word the reader answers every read with (0x40, 64) or `none`. */
const FAULT_STATUS = ['readStatus'];

/** `fault mute=true replyDelayMs=300` → { fault: { mute: true, replyDelayMs: 300 } } */
function faultStep(pairs: string[]): unknown {
  const fault: Record<string, unknown> = {};
  for (const pair of pairs) {
    const [key, value] = pair.split('=', 2);
    if (key && FAULT_FLAGS.includes(key)) fault[key] = value === 'true' || value === undefined;
    else if (key && FAULT_NUMBERS.includes(key)) fault[key] = Number(value);
    else if (key && FAULT_STATUS.includes(key)) fault[key] = value === 'none' ? null : Number(value);
    else
      throw new CliError(
        EXIT.usage,
        `unknown fault ${key}; faults: ${[...FAULT_FLAGS, ...FAULT_NUMBERS, ...FAULT_STATUS].join(', ')}`,
      );
  }
  return { fault };
}

export async function simCommand(args: string[], rootDir: string): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { control: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [verb, ...rest] = positionals;
  let step: unknown;
  if (verb === 'place') step = { place: rest[0] ?? '' };
  else if (verb === 'remove') step = { remove: true };
  else if (verb === 'status') step = { status: true };
  else if (verb === 'fault') step = faultStep(rest);
  else if (verb === 'cards') return printJson(Object.keys(SAMPLE_CARDS));
  else
    throw new CliError(
      EXIT.usage,
      'usage: kioskctl sim place <card> | remove | fault <name>=<value>… | status | cards',
    );
  const parsed = parseStep(step);
  if (!parsed.ok) throw new CliError(EXIT.usage, parsed.message);
  const socket = values.control ?? defaultControlSocket(rootDir);
  const answer = await sendSimulatorStep(socket, parsed.step as SimulatorStep).catch((error: Error) => {
    throw new CliError(EXIT.noDevice, error.message);
  });
  if (!answer.ok) throw new CliError(EXIT.usage, answer.message);
  printJson(answer.state);
}
