import { Principal } from '@countyflow/auth';
import { EventName, ServiceName } from '@countyflow/contracts';
import { MediumTest, problemOf } from '@countyflow/testing';
import { CheckoutService } from '../../../apps/orders/src/checkout/checkout.service';
import { ClaimCreateDto, ClaimDecisionDto, ClaimSellerResponseDto } from '../../../apps/orders/src/claim/claim.dto';
import { ClaimService } from '../../../apps/orders/src/claim/claim.service';
import { PaymentService } from '../../../apps/orders/src/payment/payment.service';
import { SimulatedPaymentProvider } from '../../../apps/orders/src/payment/simulated-payment.provider';
import {
  cityAddress,
  countyStaff,
  principal,
  publishedListing,
  sellerOwner,
  startOrders,
  verifiedSeller,
} from './support';

const CLAIM = {
  reason: '到货时樱桃已经腐烂，约三分之一不能吃',
  photoUrls: ['https://img.example.com/claims/1.jpg'],
};

describe('orders: claims (medium: ClaimService with the order, payment and refund repositories)', () => {
  let t: MediumTest;
  let claims: ClaimService;
  let seller: string;
  let skuId: string;

  beforeAll(async () => {
    t = await startOrders();
    claims = t.get(ClaimService);
    seller = await verifiedSeller(t);
    skuId = (await publishedListing(t, seller, { priceFen: 5000 })).skus[0].skuId;
  });

  afterAll(() => t?.close());

  /** An order placed, reserved, paid online through the provider's signed webhook, shipped and delivered. */
  async function deliveredOrder(buyer: Principal): Promise<{ id: string; totalFen: number }> {
    const { group } = await t
      .get(CheckoutService)
      .checkout(buyer, { lines: [{ skuId, quantity: 2 }], destination: cityAddress() }, undefined);
    const orderId = group.orders[0].id;
    const logistics = { producer: ServiceName.Logistics };
    await t.deliver(
      EventName.StockReserved,
      { orderId, lines: [{ skuId, quantity: 2, unitPriceFen: 5000 }] },
      { producer: ServiceName.Catalog },
    );
    const payments = t.get(PaymentService);
    const payment = await payments.create(buyer, group.id);
    const webhook = t.get(SimulatedPaymentProvider).paymentSucceededWebhook(payment.providerPaymentId);
    await payments.webhook(Buffer.from(webhook.body), webhook.headers);
    const shipment = { shipmentId: orderId, orderId, at: new Date().toISOString() };
    await t.deliver(EventName.ShipmentCreated, shipment, logistics);
    await t.deliver(EventName.ShipmentDispatched, shipment, logistics);
    await t.deliver(
      EventName.ShipmentDelivered,
      { ...shipment, receipt: { method: 'pickup_code', collectedBy: 'recipient' } },
      logistics,
    );
    return { id: orderId, totalFen: 10_000 };
  }

  it('goes to the seller, and once declined to county staff, whose full refund is recorded', async () => {
    const buyer = principal();
    const order = await deliveredOrder(buyer);

    const opened = await claims.open(buyer, order.id, {
      ...CLAIM,
      remedy: 'partial_refund',
      amountFen: 3000,
    } as ClaimCreateDto);
    expect(opened).toMatchObject({ status: 'awaiting_seller', requestedAmountFen: 3000 });
    const declined = await claims.respond(sellerOwner(seller), opened.id, {
      decision: 'decline',
      note: '发货时完好',
    });
    expect(declined).toMatchObject({ status: 'escalated', escalationReason: 'seller_declined' });

    expect(
      await problemOf(
        claims.decide(countyStaff('360723'), opened.id, {
          resolution: 'full_refund',
          note: '判定',
        } as ClaimDecisionDto),
      ),
    ).toEqual({
      status: 404,
      code: 'claim-not-found',
    });
    const decided = await claims.decide(countyStaff(), opened.id, {
      resolution: 'full_refund',
      note: '判定全额退款',
    } as ClaimDecisionDto);

    expect(decided).toMatchObject({
      status: 'resolved',
      resolutionAmountFen: order.totalFen,
      refundId: expect.any(String),
    });
    expect(decided.actions.map((action) => action.action)).toEqual(['opened', 'escalated', 'resolved']);
    expect(
      await t.rows(`SELECT amount_fen::int AS amount, reason FROM refund WHERE claim_id = $1`, [opened.id]),
    ).toEqual([{ amount: order.totalFen, reason: 'claim' }]);
    expect(
      await problemOf(
        claims.decide(countyStaff(), opened.id, { resolution: 'rejected', note: '再判一次' } as ClaimDecisionDto),
      ),
    ).toEqual({
      status: 409,
      code: 'illegal-claim-transition',
    });
  });

  it('applies one of two answers given at once; a rejected or unanswered counter-offer goes to county staff', async () => {
    const buyer = principal();
    const owner = sellerOwner(seller);
    const first = await claims.open(buyer, (await deliveredOrder(buyer)).id, {
      ...CLAIM,
      remedy: 'full_refund',
    } as ClaimCreateDto);
    const counter = { decision: 'counter', remedy: 'partial_refund', amountFen: 2000 } as ClaimSellerResponseDto;
    const answers = await Promise.allSettled([
      claims.respond(owner, first.id, counter),
      claims.respond(owner, first.id, { decision: 'decline', note: '发货时完好' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = answers.find((answer) => answer.status === 'rejected')!;
    expect(await problemOf(Promise.reject(refused.reason as Error))).toEqual({
      status: 409,
      code: 'illegal-claim-transition',
    });
    expect((await claims.get(buyer, first.id)).actions.map((action) => action.action)).toHaveLength(2);

    const second = await claims.open(buyer, (await deliveredOrder(buyer)).id, {
      ...CLAIM,
      remedy: 'full_refund',
    } as ClaimCreateDto);
    await claims.respond(owner, second.id, counter);
    expect(await claims.answerCounter(buyer, second.id, { accept: false })).toMatchObject({
      status: 'escalated',
      escalationReason: 'buyer_rejected_counter',
      respondBy: null,
    });

    const third = await claims.open(buyer, (await deliveredOrder(buyer)).id, {
      ...CLAIM,
      remedy: 'full_refund',
    } as ClaimCreateDto);
    await claims.respond(owner, third.id, counter);
    await claims.escalateOverdue();
    expect(await claims.get(buyer, third.id)).toMatchObject({ status: 'countered' });
    await t.rows(`UPDATE claim SET respond_by = now() - interval '1 minute' WHERE id = $1`, [third.id]);
    await claims.escalateOverdue();
    expect(await claims.get(buyer, third.id)).toMatchObject({
      status: 'escalated',
      escalationReason: 'no_answer_from_buyer',
    });
  });

  it('is only for the buyer of a delivered order', async () => {
    const buyer = principal();
    const order = await deliveredOrder(buyer);

    expect(
      (await problemOf(claims.open(principal(), order.id, { ...CLAIM, remedy: 'full_refund' } as ClaimCreateDto)))
        .status,
    ).toBe(404);
    await claims.open(buyer, order.id, { ...CLAIM, remedy: 'full_refund' } as ClaimCreateDto);
    expect(
      (await problemOf(claims.open(buyer, order.id, { ...CLAIM, remedy: 'full_refund' } as ClaimCreateDto))).status,
    ).toBe(409);
  });
});
