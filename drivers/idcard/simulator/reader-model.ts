// The reader side of the SAM protocol: what a real reader answers to each command, given the card (if any)
// lying on it. The PTY simulator puts this behind a pseudo-terminal; tests can also drive it directly.
import { COMMANDS, encodeFrame, type CommandFrame } from '../frame.ts';
import { PHOTO_BYTES, TEXT_BYTES } from '../card-text.ts';

export interface SimulatedCard {
  /** 256-byte text block (see card-text-writer.ts). */
  text: Buffer;
  /** 1024-byte WLT photo. */
  photo: Buffer;
  /** 1024-byte fingerprint block, on cards that carry one. */
  fingerprint?: Buffer;
}

const SW = {
  success: 0x90,
  cardFound: 0x9f,
  itemEmpty: 0x91,
  commandError: 0x21,
  readFailed: 0x41,
  samSelfTestFailed: 0x60,
  noCard: 0x80,
  selectFailed: 0x81,
} as const;

function is(command: CommandFrame, [cmd, para]: readonly [number, number]): boolean {
  return command.cmd === cmd && command.para === para;
}

function lengthPrefix(length: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(length);
  return out;
}

export class SimulatedReader {
  private card: SimulatedCard | null = null;
  private selected = false;
  /**
   * Like many readers, a card that has been read must leave the field before find sees it again. Select still
   * reaches a card that stays in the field, which is how the host learns that it has been taken away.
   */
  private readSinceArrival = false;
  /** Fault: the card is pulled away while the reader is reading it. */
  removeDuringRead = false;
  /** Fault: the card is pulled away right after the reader found it. */
  removeAfterFind = false;
  /** Fault: the SAM module fails its self-test (SAM id and status answer 60), as a damaged or unseated SAM does. */
  samFault = false;
  /**
   * Fault: every read of the card answers this status word SW3 instead of the card's data, as a reader does with a
   * card it cannot authenticate (0x31, 0x32, 0x33) or does not know (0x40). Null: reads succeed.
   */
  readStatus: number | null = null;
  /** How many read commands the reader has answered (tests wait on it to act while a read is in flight). */
  readsAnswered = 0;

  constructor(readonly samId: Buffer = Buffer.from('0512000020170101123456789abcdef0', 'hex')) {}

  placeCard(card: SimulatedCard): void {
    if (card.text.length !== TEXT_BYTES || card.photo.length !== PHOTO_BYTES) {
      throw new Error(`a card needs ${TEXT_BYTES} text bytes and ${PHOTO_BYTES} photo bytes`);
    }
    this.card = card;
    this.selected = false;
    this.readSinceArrival = false;
  }

  removeCard(): void {
    this.card = null;
    this.selected = false;
    this.readSinceArrival = false;
  }

  get hasCard(): boolean {
    return this.card !== null;
  }

  /** The response frame to one command frame. */
  respond(command: CommandFrame): Buffer {
    const answer = (sw3: number, data?: Uint8Array) => encodeFrame([0, 0, sw3], data);
    if (is(command, COMMANDS.resetSam)) {
      this.selected = false;
      return answer(SW.success);
    }
    if (this.samFault && (is(command, COMMANDS.samStatus) || is(command, COMMANDS.readSamId))) {
      return answer(SW.samSelfTestFailed);
    }
    if (is(command, COMMANDS.samStatus) || is(command, COMMANDS.setMaxRfFrame)) return answer(SW.success);
    if (is(command, COMMANDS.readSamId)) return answer(SW.success, this.samId);
    if (is(command, COMMANDS.findCard)) {
      if (this.card === null || this.readSinceArrival) return answer(SW.noCard);
      if (this.removeAfterFind) {
        this.removeAfterFind = false;
        this.removeCard();
      }
      return answer(SW.cardFound, Buffer.alloc(4));
    }
    if (is(command, COMMANDS.selectCard)) {
      if (this.card === null) return answer(SW.selectFailed);
      this.selected = true;
      return answer(SW.success, Buffer.alloc(8));
    }
    if (is(command, COMMANDS.readTextAndPhoto) || is(command, COMMANDS.readTextPhotoFingerprint)) {
      this.readsAnswered += 1;
      if (this.card === null || !this.selected) return answer(SW.readFailed);
      if (this.readStatus !== null) return answer(this.readStatus);
      if (this.removeDuringRead) {
        this.removeDuringRead = false;
        this.removeCard();
        return answer(SW.readFailed);
      }
      const card = this.card;
      this.selected = false;
      this.readSinceArrival = true;
      const parts = [lengthPrefix(card.text.length), lengthPrefix(card.photo.length)];
      if (is(command, COMMANDS.readTextPhotoFingerprint)) {
        const fingerprint = card.fingerprint ?? Buffer.alloc(0);
        parts.push(lengthPrefix(fingerprint.length), card.text, card.photo, fingerprint);
      } else {
        parts.push(card.text, card.photo);
      }
      return answer(SW.success, Buffer.concat(parts));
    }
    if (is(command, COMMANDS.readAppendedAddress)) {
      return this.card === null ? answer(SW.readFailed) : answer(SW.itemEmpty);
    }
    return answer(SW.commandError);
  }
}
