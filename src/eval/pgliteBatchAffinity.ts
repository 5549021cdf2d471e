// A fix for pglite-socket 0.2.17's query queue (electric-sql/pglite#1046): it serialises single
// protocol *messages* and keeps a connection's turn only inside an explicit transaction, so the
// Parse/Bind/Execute/Sync of two connections can interleave on PGlite's one session (a statement
// runs with another connection's parameters, or not at all), and a rejected message left
// `processing` stuck at true, hanging every connection after it. This replaces the queue's
// scheduler: a connection keeps its turn until its batch ends (Sync, a simple Query, Terminate,
// the startup packet) and while a transaction is open.
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

interface QueueInternals {
  queue: QueuedMessage[];
  processing: boolean;
  db: PGlite;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

const SYNC = 0x53;
const QUERY = 0x51;
const TERMINATE = 0x58;
const STARTUP = 0;

export function installBatchAffinity(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue?: QueueInternals }).queryQueue;
  if (!queue || !Array.isArray(queue.queue) || typeof queue.processQueue !== 'function') {
    throw new Error('pglite-socket internals changed: check installBatchAffinity against this version');
  }
  // The connection whose batch or transaction is in progress.
  let owner: number | null = null;

  queue.processQueue = async function processQueue(this: QueueInternals) {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const index = owner === null ? 0 : this.queue.findIndex((message) => message.handlerId === owner);
        if (index === -1) break; // wait for the owner's next message
        const item = this.queue.splice(index, 1)[0]!;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          owner = this.db.isInTransaction() ? item.handlerId : null;
          item.reject(error);
          continue;
        }
        const type = item.message[0];
        const batchEnds = type === SYNC || type === QUERY || type === TERMINATE || type === STARTUP;
        owner = !batchEnds || this.db.isInTransaction() ? item.handlerId : null;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  queue.clearTransactionIfNeeded = async function clearTransactionIfNeeded(this: QueueInternals, handlerId: number) {
    if (owner !== handlerId) return;
    owner = null;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    await this.processQueue();
  };
}
