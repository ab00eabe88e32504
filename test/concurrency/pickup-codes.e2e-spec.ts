import request from 'supertest';
import {
  buildCounty,
  County,
  LogisticsWorld,
  orderPaid,
  shelveAtPoint,
  startLogisticsWorld,
} from '../logistics/support';
import { burst, report } from './support';

const GUESSES = 40;
const LIMIT = 5;

/*
 * Wrong pickup codes sent in parallel: the attempt limit must be decided and counted in one step, or a burst is
 * checked many more times than the limit allows before the lock holds.
 */
describe('concurrency: wrong pickup codes sent in parallel (orders simulated)', () => {
  let world: LogisticsWorld;
  let county: County;

  beforeAll(async () => {
    world = await startLogisticsWorld();
    county = await buildCounty(world);
  });

  afterAll(() => world?.platform.stop());

  const collect = (nodeId: string, as: { token: string }, body: { code: string; phoneLast4: string }) =>
    request(world.logistics)
      .post(`/points/${nodeId}/collections`)
      .set('authorization', `Bearer ${as.token}`)
      .send(body);

  it(`checks exactly ${LIMIT} of ${GUESSES} parallel wrong codes and refuses the rest with a problem code`, async () => {
    const phone = '13912345678';
    const { code } = await shelveAtPoint(
      world,
      county,
      orderPaid({ destination: { servicePointOrgId: county.villageOperator.orgId!, recipientPhone: phone } }),
      { node: county.village, operator: county.villageOperator },
    );
    const [shelf, layer, number] = code.split('-');
    const wrong = (index: number) =>
      `${shelf}-${layer}-${String((Number(number) + 1 + index) % 10_000).padStart(4, '0')}`;

    const guesses = await burst(
      Array.from(
        { length: GUESSES },
        (_, index) => () =>
          collect(county.village.id, county.villageOperator, { code: wrong(index), phoneLast4: '5678' }),
      ),
    );

    report(`${GUESSES} parallel wrong pickup codes, one operator at one point`, guesses.figures);
    expect(guesses.figures.statuses).toEqual({ '422': LIMIT, '423': GUESSES - LIMIT });
    for (const { response } of guesses.results.filter((result) => result.response!.status === 423)) {
      expect(response!.headers['content-type']).toContain('application/problem+json');
      expect(response!.body).toMatchObject({ type: '/problems/pickup-locked', status: 423 });
    }

    // the lock is the guesser's: another point's operator, and another account at this point, are unaffected
    const elsewhere = await collect(county.coldVillage.id, county.coldVillageOperator, {
      code: '1-1-0000',
      phoneLast4: '0000',
    }).expect(422);
    expect(elsewhere.body.attemptsLeft).toBe(LIMIT - 1);
    // county staff may act at any point of their county: the rightful recipient still gets the parcel
    const handedOver = await collect(county.village.id, world.staff, { code, phoneLast4: '5678' });
    expect(handedOver.status).toBe(200);
    expect(handedOver.body.collectedBy).toBe('recipient');
  });
});
