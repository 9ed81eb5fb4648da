// Cooperative slicing of a long computation on the worker's one thread: after `sliceMs` of work
// the loop awaits a macrotask, so pending request/reply messages are answered in between.

export interface Slicer {
  /** Call between units of work; resolves at once unless the slice is used up. */
  maybeYield(): Promise<void> | null;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createSlicer(sliceMs = 20): Slicer {
  let sliceStart = performance.now();
  return {
    maybeYield() {
      if (performance.now() - sliceStart < sliceMs) return null;
      return nextTurn().then(() => {
        sliceStart = performance.now();
      });
    },
  };
}
