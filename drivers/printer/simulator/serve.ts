// Serves a SimulatedPrinter on one byte link (the device end of a PTY pair, or one TCP connection): print data
// goes into the printer, and status answers go back out on the same link, in the order they were asked.
import type { ByteTransport } from '../../transport/transport.ts';
import type { SimulatedPrinter } from './printer-model.ts';

/** Starts serving; returns the function that stops (and forgets any half-received command). */
export function servePrinter(printer: SimulatedPrinter, transport: ByteTransport): () => void {
  const input = printer.openInput();
  let writes = Promise.resolve();
  const stopData = transport.onData((chunk) => {
    const answers = input.receive(chunk);
    if (answers.length === 0) return;
    writes = writes.then(() => (transport.isOpen ? transport.write(answers).catch(() => undefined) : undefined));
  });
  const stopClose = transport.onClose(() => input.close());
  return () => {
    stopData();
    stopClose();
    input.close();
  };
}
