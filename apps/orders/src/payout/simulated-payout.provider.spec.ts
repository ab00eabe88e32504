import { SimulatedPayoutProvider } from './simulated-payout.provider';

describe(SimulatedPayoutProvider.name, () => {
  let sut: SimulatedPayoutProvider;
  const request = {
    payoutId: 'po-1',
    payeeAccount: { kind: 'simulated' as const, account: 'seller-1' },
    amountFen: 12_345,
    remark: 'statement 2026-11',
  };

  beforeEach(() => {
    sut = new SimulatedPayoutProvider();
  });

  it('pays once per payout id however often it is asked', async () => {
    const first = await sut.transfer(request);
    const again = await sut.transfer({ ...request, amountFen: 99 });

    expect(first.status).toBe('succeeded');
    expect(again).toEqual(first);
    expect(sut.paidFen()).toBe(12_345);
  });

  it('moves the money once when the first answer was lost and the retry asks again', async () => {
    sut.nextFailures.push('lost-answer');

    await expect(sut.transfer(request)).rejects.toThrow('lost');
    const retried = await sut.transfer(request);

    expect(retried.status).toBe('succeeded');
    expect(sut.paidFen()).toBe(12_345);
  });

  it('moves nothing when unavailable, and says unknown for a payout it never received', async () => {
    sut.nextFailures.push('unavailable');

    await expect(sut.transfer(request)).rejects.toThrow('unavailable');

    await expect(sut.query(request.payoutId)).resolves.toEqual({ status: 'unknown' });
    expect(sut.paidFen()).toBe(0);
  });

  it('reports a definitive failure, and a held payout as pending until the bank settles it', async () => {
    sut.nextFailures.push({ code: 'PAYEE_NOT_EXIST', reason: 'no such account' });
    sut.holdPending = true;

    const failed = await sut.transfer(request);
    const held = await sut.transfer({ ...request, payoutId: 'po-2' });
    sut.settle('po-2');

    expect(failed).toMatchObject({ status: 'failed', code: 'PAYEE_NOT_EXIST' });
    expect(held.status).toBe('pending');
    await expect(sut.query('po-2')).resolves.toMatchObject({ status: 'succeeded' });
    expect(sut.paidFen()).toBe(12_345);
  });
});
