import { waitFor } from '@countyflow/testing';
import { get, type IncomingMessage } from 'node:http';
import { OrderGroupWatch } from '../../apps/orders/src/order/order-group.watch';
import { OrdersHarness, TestActor } from './support';

interface GroupEvent {
  orders: { id: string; status: string }[];
  payments: { status: string }[];
}

/** A server-sent-events stream read by hand (no keep-alive agent): its answer, and its `group` events one at a time. */
class EventStream {
  private buffer = '';
  private readonly waiting: (() => void)[] = [];
  private ended = false;

  private constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.waiting.splice(0).forEach((wake) => wake());
    });
    response.on('close', () => {
      this.ended = true;
      this.waiting.splice(0).forEach((wake) => wake());
    });
  }

  static open(url: string, actor: TestActor | null): Promise<EventStream> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (actor) {
      headers.authorization = `Bearer ${actor.token}`;
    }
    return new Promise((resolve, reject) => {
      get(url, { headers, agent: false }, (response) => resolve(new EventStream(response))).on('error', reject);
    });
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  /** The whole body of an answer that is not a stream. */
  async json(): Promise<unknown> {
    while (!this.ended) {
      await new Promise<void>((wake) => this.waiting.push(wake));
    }
    return JSON.parse(this.buffer);
  }

  /** The next `group` event, or null once the server ended the stream. */
  async next(): Promise<GroupEvent | null> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const lines = this.buffer.slice(0, end).split('\n');
        this.buffer = this.buffer.slice(end + 2);
        const data = lines.find((line) => line.startsWith('data: '));
        if (lines.includes('event: group') && data) {
          return JSON.parse(data.slice('data: '.length)) as GroupEvent;
        }
        continue;
      }
      if (this.ended) {
        return null;
      }
      await new Promise<void>((wake) => this.waiting.push(wake));
    }
  }

  close(): void {
    this.response.destroy();
  }
}

const statuses = (group: GroupEvent | null) => group?.orders.map((order) => order.status).sort();

describe('GET /order-groups/:id/events: the buyer follows a checkout without polling', () => {
  let h: OrdersHarness;
  let buyer: TestActor;
  let skus: string[];

  beforeAll(async () => {
    h = await OrdersHarness.start();
    buyer = h.buyer();
    const oranges = await h.catalog.listing(await h.identity.seller({ name: '安西镇脐橙专业合作社' }));
    const duck = await h.catalog.listing(await h.identity.seller({ name: '南安板鸭合作社' }), { title: '南安板鸭' });
    skus = [oranges.skus[0].skuId, duck.skus[0].skuId];
  });

  afterAll(() => h?.stop());

  const place = async () =>
    (
      await h
        .checkout(
          buyer,
          skus.map((skuId) => ({ skuId, quantity: 1 })),
        )
        .expect(202)
    ).body as GroupEvent & {
      id: string;
    };
  const streamOf = (groupId: string, actor: TestActor | null = buyer) =>
    EventStream.open(`${h.url}/order-groups/${groupId}/events`, actor);

  it('is refused as problem+json to anyone but the buyer, before anything is streamed', async () => {
    const group = await place();
    const stranger = await streamOf(group.id, h.buyer('别的买家'));
    expect(stranger.status).toBe(404);
    expect(stranger.response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await stranger.json()).toMatchObject({ code: 'order-group-not-found' });
    const anonymous = await streamOf(group.id, null);
    expect(anonymous.status).toBe(401);
    expect((await streamOf('not-a-uuid')).status).toBe(400);
  });

  it('sends the group at once and after each committed change, never an uncommitted one, and ends once paid', async () => {
    const group = await place();
    const [first, second] = group.orders;
    const stream = await streamOf(group.id);
    expect(stream.status).toBe(200);
    expect(stream.response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(statuses(await stream.next())).toEqual(['placed', 'placed']);
    await waitForFollowers(1);

    // a transaction that changes the second order and has not committed: nobody may see it
    await h.db.query('BEGIN');
    await h.db.query(`UPDATE orders.customer_order SET status = 'rejected' WHERE id = $1`, [second.id]);
    await h.catalog.reserve(first.id);
    const afterFirst = await stream.next();
    expect(afterFirst?.orders.find((order) => order.id === first.id)?.status).toBe('awaiting_payment');
    expect(afterFirst?.orders.find((order) => order.id === second.id)?.status).toBe('placed');
    await h.db.query('ROLLBACK');

    await h.catalog.reserve(second.id);
    expect(statuses(await stream.next())).toEqual(['awaiting_payment', 'awaiting_payment']);
    const { answer } = await h.pay(buyer, group.id);
    expect(answer.status).toBe(200);
    // the new payment, then (perhaps folded into one event) both orders paid; then the stream ends
    let event = await stream.next();
    while (event && statuses(event)?.join() !== 'paid,paid') {
      event = await stream.next();
    }
    expect(statuses(event)).toEqual(['paid', 'paid']);
    expect(event?.payments).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    expect(await stream.next()).toBeNull();
    await waitForFollowers(0);
  });

  it('sends a settled group once and ends; a client that leaves stops being followed', async () => {
    const settled = await place();
    for (const order of settled.orders) {
      await h.catalog.reject(order.id);
    }
    await h.waitForStatus(buyer, settled.orders[1].id, 'rejected');
    await h.waitForStatus(buyer, settled.orders[0].id, 'rejected');
    const done = await streamOf(settled.id);
    expect(statuses(await done.next())).toEqual(['rejected', 'rejected']);
    expect(await done.next()).toBeNull();

    const open = await place();
    const leaving = await streamOf(open.id);
    expect(statuses(await leaving.next())).toEqual(['placed', 'placed']);
    await waitForFollowers(1);
    leaving.close();
    await waitForFollowers(0);
  });

  async function waitForFollowers(count: number): Promise<void> {
    const watch = h.app.get(OrderGroupWatch);
    await waitFor(() => Promise.resolve(watch.size === count), { what: `${count} followers of order groups` });
  }
});
