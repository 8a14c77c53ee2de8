import { AppError } from "../errors.ts";

type Waiter = { grant: () => void; timer: NodeJS.Timeout };

/**
 * A first-in, first-out async mutex. `acquire` resolves with a release function once every earlier
 * holder has released; it rejects with `unavailable` when the wait exceeds `timeoutMs`, so a
 * forgotten release (or a transaction that calls the client it is holding) fails loudly instead
 * of hanging every later caller.
 */
export class FifoLock {
  #held = false;
  readonly #waiters: Waiter[] = [];

  acquire(timeoutMs: number): Promise<() => void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          resolve(this.#releaser());
        },
        timer: setTimeout(() => {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          reject(
            new AppError("unavailable", `The database stayed busy for ${timeoutMs} ms`, { retryAfter: 1 }),
          );
        }, timeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next.grant();
      else this.#held = false;
    };
  }
}
