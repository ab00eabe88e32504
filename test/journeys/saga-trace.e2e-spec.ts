import { OrganisationKind } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import { OtlpReceiver, OtlpSpanKind, ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver';
import { cityCheckout, COUNTY, journeyEnds, payGroup, shipmentOf, startWorld, waitForOrder, World } from './support';

jest.setTimeout(120_000);

/** 安西镇大塘村, where the cooperative grows its oranges. */
const DATANG_VILLAGE = `${COUNTY}100201`;

/*
 * Tracing across the platform: every service and the gateway export their spans over OTLP/HTTP (JSON) to a fake
 * collector, and one checkout — placed, stock reserved, awaiting payment, paid by the provider's webhook, shipment
 * created — is one trace from the gateway through orders, catalog and logistics, each hop the child of the one
 * that caused it: HTTP by the traceparent header, events by the outbox row and the queued envelope.
 */
describe('one trace per checkout saga, exported over OTLP', () => {
  let receiver: OtlpReceiver;
  let world: World;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    world = await startWorld({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' });
  });

  afterAll(async () => {
    await world?.stop();
    await receiver?.close();
  });

  it('follows a checkout from the gateway through orders, catalog and logistics to the shipment, in parent order', async () => {
    const { buyer, group, order } = await cityCheckout(world, {
      seller: {
        kind: OrganisationKind.Cooperative,
        name: '信丰县安西镇大塘村果蔬专业合作社',
        ownerName: '刘春华',
        villageCode: DATANG_VILLAGE,
      },
      listing: {
        categoryId: 'citrus',
        title: '大塘村脐橙 5斤装 礼盒',
        description: '大塘村合作社统一分拣，常温装箱发出。',
        originVillageCode: DATANG_VILLAGE,
        sku: { spec: '5斤装 果径70mm+', priceFen: 4990, weightGrams: 2500, volumeMl: 6000, initialStock: 40 },
      },
      buyerName: '周敏',
    });
    await payGroup(world, buyer, group.id);
    await shipmentOf(world, order.id, buyer);
    await waitForOrder(world, buyer, order.id, 'in_fulfilment');
    await world.platform.idle();

    // the accepted checkout, as the gateway saw it (an earlier try may have been refused while orders learnt the listing)
    const isCheckout = (span: ReceivedSpan) =>
      span.service === 'countyflow-gateway' &&
      span.kind === OtlpSpanKind.Server &&
      span.attributes['url.path'] === '/api/orders/checkout' &&
      span.attributes['http.response.status_code'] === 202;
    // every span of the trace arrived once none points at a parent the collector has not seen
    const sagaOf = () => {
      const checkout = receiver.spans.find(isCheckout);
      const spans = checkout ? receiver.spans.filter((span) => span.traceId === checkout.traceId) : [];
      const ids = new Set(spans.map((span) => span.spanId));
      const orphans = spans.filter((span) => span !== checkout && !ids.has(span.parentSpanId ?? ''));
      return { checkout, spans, orphans };
    };
    const saga = await waitFor(
      () => {
        const found = sagaOf();
        const done = found.spans.some((span) => span.name === 'handle shipment.created') && found.orphans.length === 0;
        return Promise.resolve(done && found.checkout && { ...found, checkout: found.checkout });
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the checkout saga’s spans at the collector' },
    ).catch((error: Error) => {
      const found = sagaOf();
      const names = (spans: ReceivedSpan[]) => spans.map((span) => `${span.service} ${span.name}`).join('; ');
      throw new Error(
        `${error.message}\n${receiver.spans.length} spans received; checkout ${found.checkout ? 'found' : 'missing'}` +
          `\nin its trace: ${names(found.spans)}\norphans: ${names(found.orphans)}` +
          `\ngateway spans: ${names(receiver.spans.filter((span) => span.service === 'countyflow-gateway').slice(0, 20))}`,
        { cause: error },
      );
    });
    expect(receiver.refused).toEqual([]);

    const byId = new Map(saga.spans.map((span) => [span.spanId, span]));
    /** The span of that name (the last attempt's, when an early event was retried). */
    const one = (service: string, name: string): ReceivedSpan => {
      const found = saga.spans
        .filter((span) => span.service === `countyflow-${service}` && span.name === name)
        .sort((a, b) => (a.startNanos < b.startNanos ? -1 : 1));
      expect(found.length).toBeGreaterThan(0);
      return found[found.length - 1];
    };
    /** The span's chain of parents up to the root, nearest first, as "service name". */
    const ancestry = (span: ReceivedSpan): string[] => {
      const chain: string[] = [];
      for (let at = byId.get(span.parentSpanId ?? ''); at; at = byId.get(at.parentSpanId ?? '')) {
        chain.push(`${at.service.replace('countyflow-', '')} ${at.name}`);
      }
      return chain;
    };

    expect(new Set(saga.spans.map((span) => span.service))).toEqual(
      new Set(['countyflow-gateway', 'countyflow-orders', 'countyflow-catalog', 'countyflow-logistics']),
    );
    expect(saga.checkout.parentSpanId).toBeNull();

    // gateway → orders over HTTP, then the checkout's transaction writes order.placed to the outbox
    const placing = one('orders', 'POST /checkout');
    expect(placing.parentSpanId).toBe(saga.checkout.spanId);
    expect(placing.kind).toBe(OtlpSpanKind.Server);
    const placed = one('orders', 'publish order.placed');
    expect(ancestry(placed)).toEqual(['orders transaction', 'orders POST /checkout', 'gateway POST /api/orders/*']);

    // outbox → relay → catalog's queue → catalog's handler reserves the stock and publishes stock.reserved
    const reserving = one('catalog', 'handle order.placed');
    expect(reserving.kind).toBe(OtlpSpanKind.Consumer);
    expect(ancestry(reserving).slice(0, 2)).toEqual(['orders relay order.placed', 'orders publish order.placed']);
    const reserved = one('orders', 'handle stock.reserved');
    expect(ancestry(reserved).slice(0, 5)).toEqual([
      'catalog relay stock.reserved',
      'catalog publish stock.reserved',
      'catalog transaction',
      'catalog handle order.placed',
      'orders relay order.placed',
    ]);

    // the payment arrives in a request of its own: order.paid goes on in the checkout's trace, linked to the webhook
    const paid = one('orders', 'publish order.paid');
    expect(ancestry(paid)).toEqual(['orders POST /checkout', 'gateway POST /api/orders/*']);
    const webhook = receiver.spans.find(
      (span) => span.service === 'countyflow-orders' && span.name === 'POST /payments/webhook',
    );
    expect(webhook).toBeDefined();
    expect(webhook!.traceId).not.toBe(saga.checkout.traceId);
    expect(paid.links).toContainEqual({ traceId: webhook!.traceId, spanId: expect.any(String) });

    // order.paid → catalog sells the reservation, logistics creates the shipment → orders learns of it
    for (const [service, name] of [
      ['catalog', 'handle order.paid'],
      ['logistics', 'handle order.paid'],
    ]) {
      expect(ancestry(one(service, name)).slice(0, 2)).toEqual([
        'orders relay order.paid',
        'orders publish order.paid',
      ]);
    }
    const shipped = one('orders', 'handle shipment.created');
    expect(ancestry(shipped)).toEqual(
      expect.arrayContaining(['logistics relay shipment.created', 'logistics handle order.paid']),
    );
    expect(ancestry(shipped).indexOf('logistics handle order.paid')).toBeLessThan(
      ancestry(shipped).indexOf('orders publish order.paid'),
    );

    // children never start before their parents
    for (const span of saga.spans) {
      const parent = byId.get(span.parentSpanId ?? '');
      if (parent) {
        expect(span.startNanos >= parent.startNanos).toBe(true);
      }
    }
    await journeyEnds(world);
  });
});
