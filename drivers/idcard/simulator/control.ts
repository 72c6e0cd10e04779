// What can be done to a running simulator, from a script file or over its control socket: lay a sample card
// down, take it away, switch faults on and off, wait. One JSON object per step.
import { z } from 'zod';
import type { PtySimulator } from './pty-simulator.ts';
import { isSampleCardName, SAMPLE_CARDS, type SampleCardName } from './sample-cards.ts';

const cardName = z.string().refine(isSampleCardName, {
  message: `must be one of ${Object.keys(SAMPLE_CARDS).join(', ')}`,
});

export const simulatorStepSchema = z.union([
  z.object({ place: cardName }).strict(),
  z.object({ remove: z.literal(true) }).strict(),
  z.object({ wait: z.number().int().min(0).max(600_000) }).strict(),
  z
    .object({
      fault: z
        .object({
          replyDelayMs: z.number().int().min(0).max(60_000),
          corruptReplies: z.number().int().min(0).max(1000),
          stallNextReply: z.boolean(),
          mute: z.boolean(),
          onlyTheRead: z.boolean(),
          readStatus: z.number().int().min(0).max(255).nullable(),
          removeDuringRead: z.boolean(),
          removeAfterFind: z.boolean(),
          samFault: z.boolean(),
        })
        .partial()
        .strict(),
    })
    .strict(),
  z.object({ status: z.literal(true) }).strict(),
]);

export type SimulatorStep = z.infer<typeof simulatorStepSchema>;

export interface SimulatorState {
  path: string;
  card: SampleCardName | null;
  faults: PtySimulator['faults'];
}

/** Checks a step; returns it or a message saying what is wrong. */
export function parseStep(value: unknown): { ok: true; step: SimulatorStep } | { ok: false; message: string } {
  const parsed = simulatorStepSchema.safeParse(value);
  if (parsed.success) return { ok: true, step: parsed.data };
  return { ok: false, message: parsed.error.issues.map((issue) => issue.message).join('; ') };
}

/** Runs one step on the simulator and returns its state afterwards. */
export async function applyStep(sim: PtySimulator, state: { card: SampleCardName | null }, step: SimulatorStep) {
  if ('place' in step) {
    sim.reader.placeCard(SAMPLE_CARDS[step.place as SampleCardName]);
    state.card = step.place as SampleCardName;
  } else if ('remove' in step) {
    sim.reader.removeCard();
    state.card = null;
  } else if ('wait' in step) {
    await new Promise((resolve) => setTimeout(resolve, step.wait));
  } else if ('fault' in step) {
    const { removeDuringRead, removeAfterFind, samFault, readStatus, ...replyFaults } = step.fault;
    Object.assign(sim.faults, replyFaults);
    if (removeDuringRead !== undefined) sim.reader.removeDuringRead = removeDuringRead;
    if (removeAfterFind !== undefined) sim.reader.removeAfterFind = removeAfterFind;
    if (samFault !== undefined) sim.reader.samFault = samFault;
    if (readStatus !== undefined) sim.reader.readStatus = readStatus;
  }
  // A card pulled away by a fault is gone from the state too.
  if (!sim.reader.hasCard) state.card = null;
  return { path: sim.path, card: state.card, faults: { ...sim.faults } } satisfies SimulatorState;
}
