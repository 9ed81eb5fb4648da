// Micro-batching of one kind of mesh request: the calls made within one event-loop turn (the
// requests Bun parsed from the sockets that were ready together) go out as one batch when the
// turn ends (setImmediate), or at once when `maxBatch` calls are waiting. Each call gets its own
// result back, in its own position: a batch reply is split, a failed item fails only its call,
// and a failed batch fails each of its calls with that error. Under light load a batch is one
// call and the wait is one turn of the loop (microseconds); under load one round trip serves
// many requests.

export interface MicroBatcherOptions<Q, R> {
  maxBatch: number;
  /**
   * Sends one batch: resolves with one result per item, in order (an Error for an item that
   * failed alone), or rejects when the whole batch failed. `timeoutMs` is the smallest deadline
   * among the batch's calls: no call waits longer than it asked to.
   */
  send: (items: Q[], timeoutMs: number) => Promise<Array<R | Error>>;
}

export interface MicroBatcher<Q, R> {
  call(item: Q, timeoutMs: number): Promise<R>;
  /** Batches sent and calls they carried, since the start (mean batch size = calls / batches). */
  stats(): { batches: number; calls: number };
}

interface Waiting<Q, R> {
  item: Q;
  timeoutMs: number;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

export class MicroBatchError extends Error {
  override name = "MicroBatchError";
}

export function createMicroBatcher<Q, R>(opts: MicroBatcherOptions<Q, R>): MicroBatcher<Q, R> {
  let waiting: Waiting<Q, R>[] = [];
  let scheduled = false;
  let batches = 0;
  let calls = 0;

  const dispatch = (batch: Waiting<Q, R>[]) => {
    batches++;
    calls += batch.length;
    let timeoutMs = batch[0].timeoutMs;
    for (const w of batch) if (w.timeoutMs < timeoutMs) timeoutMs = w.timeoutMs;
    let sent: Promise<Array<R | Error>>;
    try {
      sent = opts.send(
        batch.map((w) => w.item),
        timeoutMs,
      );
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    sent.then(
      (results) => {
        if (results.length !== batch.length) {
          const err = new MicroBatchError(`a batch of ${batch.length} came back with ${results.length} results`);
          for (const w of batch) w.reject(err);
          return;
        }
        for (let i = 0; i < batch.length; i++) {
          const r = results[i];
          if (r instanceof Error) batch[i].reject(r);
          else batch[i].resolve(r);
        }
      },
      (err) => {
        for (const w of batch) w.reject(err);
      },
    );
  };

  const flush = () => {
    scheduled = false;
    if (waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    dispatch(batch);
  };

  return {
    call(item, timeoutMs) {
      return new Promise<R>((resolve, reject) => {
        waiting.push({ item, timeoutMs, resolve, reject });
        if (waiting.length >= opts.maxBatch) {
          const batch = waiting;
          waiting = [];
          dispatch(batch);
        } else if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    stats: () => ({ batches, calls }),
  };
}
