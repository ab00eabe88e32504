import request from 'supertest';
import { bearer, buildCounty, County, LogisticsWorld, orderPaid, shelveAtPoint, startLogisticsWorld } from './support';

describe('guessing pickup codes at a village point (orders simulated)', () => {
  let world: LogisticsWorld;
  let county: County;

  beforeAll(async () => {
    world = await startLogisticsWorld();
    county = await buildCounty(world);
  });

  afterAll(() => world.platform.stop());

  it('locks the guessing operator out of that point after five wrong codes within the hour, even with the right code', async () => {
    const phone = '13812345678';
    const { code } = await shelveAtPoint(
      world,
      county,
      orderPaid({ destination: { servicePointOrgId: county.villageOperator.orgId!, recipientPhone: phone } }),
      { node: county.village, operator: county.villageOperator },
    );
    const [shelf, layer, number] = code.split('-');
    const collect = (body: { code: string; phoneLast4: string }) =>
      request(world.logistics)
        .post(`/points/${county.village.id}/collections`)
        .set(...bearer(county.villageOperator))
        .send(body);

    const wrongNumbers = Array.from({ length: 5 }, (_, index) =>
      String((Number(number) + 1 + index * 7) % 10_000).padStart(4, '0'),
    );
    const answers = [];
    for (const guess of wrongNumbers) {
      const response = await collect({ code: `${shelf}-${layer}-${guess}`, phoneLast4: '5678' });
      answers.push([response.status, response.body.attemptsLeft]);
    }
    expect(answers).toEqual([
      [422, 4],
      [422, 3],
      [422, 2],
      [422, 1],
      [422, 0],
    ]);

    const locked = await collect({ code, phoneLast4: '5678' }).expect(423);
    expect(locked.headers['content-type']).toContain('application/problem+json');
    expect(locked.body).toMatchObject({ type: '/problems/pickup-locked', status: 423 });
    expect(locked.body.retryAfterSeconds).toBeGreaterThan(25 * 60);
    expect(locked.body.retryAfterSeconds).toBeLessThanOrEqual(30 * 60);

    // the lock is the guesser's at this point: the other village point's operator still hands parcels out
    const elsewhere = await request(world.logistics)
      .post(`/points/${county.coldVillage.id}/collections`)
      .set(...bearer(county.coldVillageOperator))
      .send({ code: '1-1-0000', phoneLast4: '0000' })
      .expect(422);
    expect(elsewhere.body.attemptsLeft).toBe(4);

    // the parcel is untouched and still waits on its shelf
    const shelves = await request(world.logistics)
      .get(`/points/${county.village.id}/shelves`)
      .set(...bearer(county.villageOperator))
      .expect(200);
    expect(shelves.body.waiting).toBe(1);
  });

  it('follows the county policy and refuses malformed codes before counting them', async () => {
    await request(world.logistics)
      .put('/counties/360722/settings')
      .set(...bearer(world.staff))
      .send({ pickupMaxAttempts: 2, pickupLockMinutes: 10 })
      .expect(200);
    const malformed = await request(world.logistics)
      .post(`/points/${county.coldVillage.id}/collections`)
      .set(...bearer(county.coldVillageOperator))
      .send({ code: '12345', phoneLast4: 'abcd' })
      .expect(400);
    expect(malformed.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['code', 'phoneLast4']);
    // one wrong try was made at this point in the first test; one more reaches the county's new limit of 2
    const last = await request(world.logistics)
      .post(`/points/${county.coldVillage.id}/collections`)
      .set(...bearer(county.coldVillageOperator))
      .send({ code: '1-1-0001', phoneLast4: '0000' })
      .expect(422);
    expect(last.body.attemptsLeft).toBe(0);
    const locked = await request(world.logistics)
      .post(`/points/${county.coldVillage.id}/collections`)
      .set(...bearer(county.coldVillageOperator))
      .send({ code: '1-1-0002', phoneLast4: '0000' })
      .expect(423);
    expect(locked.body.retryAfterSeconds).toBeLessThanOrEqual(10 * 60);
  });
});
