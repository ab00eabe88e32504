import { Coalescer } from './coalescer';

/** A write whose calls finish only when the test says so. */
function heldWrite() {
  const calls: { items: string[]; finish: (error?: Error) => void }[] = [];
  const write = (items: string[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ items, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { calls, write };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe(Coalescer.name, () => {
  it('writes the first items at once, alone', async () => {
    const { calls, write } = heldWrite();
    const sut = new Coalescer(write);

    const done = sut.add(['a']);
    await turn();

    expect(calls.map((call) => call.items)).toEqual([['a']]);
    calls[0].finish();
    await expect(done).resolves.toBeUndefined();
  });

  it('puts everything added while a write is in flight into one next write', async () => {
    const { calls, write } = heldWrite();
    const sut = new Coalescer(write);

    const first = sut.add(['a']);
    await turn();
    const second = sut.add(['b']);
    const third = sut.add(['c', 'd']);
    await turn();
    expect(calls).toHaveLength(1); // nothing overlaps the write in flight

    calls[0].finish();
    await first;
    await turn();
    expect(calls.map((call) => call.items)).toEqual([['a'], ['b', 'c', 'd']]);

    calls[1].finish();
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined]);
  });

  it('fails only the callers whose items were in the failed write, and goes on with the next', async () => {
    const { calls, write } = heldWrite();
    const sut = new Coalescer(write);

    const first = sut.add(['a']);
    await turn();
    const second = sut.add(['b']);
    calls[0].finish(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');

    await turn();
    expect(calls[1].items).toEqual(['b']);
    calls[1].finish();
    await expect(second).resolves.toBeUndefined();
  });

  it('is idle only when nothing waits or is being written', async () => {
    const { calls, write } = heldWrite();
    const sut = new Coalescer(write);
    let idle = false;

    void sut.add(['a']);
    await turn();
    void sut.add(['b']);
    const waiting = sut.idle().then(() => (idle = true));
    calls[0].finish();
    await turn();
    expect(idle).toBe(false); // 'b' is being written now

    calls[1].finish();
    await waiting;
    expect(idle).toBe(true);
  });

  describe('with a hold', () => {
    afterEach(() => {
      jest.useRealTimers();
    });

    it('writes a batch no earlier than the hold after its first item, with everything added meanwhile', async () => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
      const { calls, write } = heldWrite();
      const sut = new Coalescer(write, { holdMs: 20 });

      const first = sut.add(['a']);
      await turn();
      jest.advanceTimersByTime(19);
      const second = sut.add(['b']);
      await turn();
      expect(calls).toHaveLength(0);

      jest.advanceTimersByTime(1);
      await turn();
      expect(calls.map((call) => call.items)).toEqual([['a', 'b']]);
      const third = sut.add(['c']); // while the write is in flight: the next batch, held from now
      calls[0].finish();
      await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
      await turn();
      expect(calls).toHaveLength(1);

      jest.advanceTimersByTime(20);
      await turn();
      expect(calls.map((call) => call.items)).toEqual([['a', 'b'], ['c']]);
      calls[1].finish();
      await expect(third).resolves.toBeUndefined();
    });

    it('writes what it holds at once for a caller waiting until it is idle', async () => {
      const { calls, write } = heldWrite();
      const sut = new Coalescer(write, { holdMs: 60_000 });

      void sut.add(['a']);
      await turn();
      expect(calls).toHaveLength(0);
      const idle = sut.idle();
      await turn();
      expect(calls.map((call) => call.items)).toEqual([['a']]);
      calls[0].finish();
      await expect(idle).resolves.toBeUndefined();
    });

    it('holds nothing while a hurried piece of work runs, and holds again after it', async () => {
      const { calls, write } = heldWrite();
      const sut = new Coalescer(write, { holdMs: 60_000 });

      await sut.hurry(async () => {
        const added = sut.add(['a']);
        await turn();
        expect(calls.map((call) => call.items)).toEqual([['a']]);
        calls[0].finish();
        await added;
      });
      void sut.add(['b']);
      await turn();
      expect(calls).toHaveLength(1);
      const idle = sut.idle();
      await turn();
      calls[1].finish();
      await idle;
      expect(calls.map((call) => call.items)).toEqual([['a'], ['b']]);
    });
  });
});
