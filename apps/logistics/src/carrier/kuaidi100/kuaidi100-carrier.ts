import { Problem } from '@countyflow/kernel';
import { Injectable } from '@nestjs/common';
import { LogisticsConfig } from '../../logistics.config';
import { CarrierBooking, CarrierDelivery, CarrierHandover, CarrierPort } from '../carrier.port';
import {
  KUAIDI100_DELIVERED_STATE,
  KUAIDI100_TRACKED,
  Kuaidi100Answer,
  Kuaidi100PushParam,
  kuaidi100PushSigned,
  Kuaidi100SubscribeParam,
  kuaidi100Time,
} from './kuaidi100.protocol';

const TIMEOUT_MS = 10_000;

/**
 * The express carrier through 快递100 (kuaidi100.protocol.ts): the hub hands the parcel over with the number of the
 * carrier's own waybill (its label, scanned or typed), we subscribe that number to 快递100's push with our callback
 * URL and salt, and 快递100 pushes the track, signed, until it is signed for — which is the delivery.
 */
@Injectable()
export class Kuaidi100Carrier extends CarrierPort {
  readonly name = 'kuaidi100';

  constructor(private readonly config: LogisticsConfig) {
    super();
  }

  /** 快递100 issues no numbers: the hand-over names the carrier's waybill; the subscription follows the commit. */
  book(handover: CarrierHandover): Promise<CarrierBooking> {
    if (!handover.waybillNo) {
      throw new Problem(
        422,
        'waybill-required',
        `scan or type the number on the carrier's waybill for parcel ${handover.parcelCode}`,
      );
    }
    return Promise.resolve({
      carrier: this.name,
      waybillNo: handover.waybillNo,
      confirmAfter: null,
      subscriptionPending: true,
    });
  }

  /** Subscribes the waybill to 快递100's push; "already subscribed" (501) is taken as done. */
  async subscribe(handover: CarrierHandover & { waybillNo: string }): Promise<void> {
    const number = handover.waybillNo;
    const { address } = handover;
    const param: Kuaidi100SubscribeParam = {
      company: this.config.kuaidi100Company,
      number,
      key: this.config.kuaidi100Key,
      to: `${address.province}${address.city}${address.district}`,
      // SF Express tracks only with the recipient's phone; others do without it
      ...(this.config.kuaidi100Company === 'shunfeng' && { phone: handover.recipientPhone }),
      parameters: { callbackurl: this.config.kuaidi100CallbackUrl, salt: this.config.kuaidi100Salt, resultv2: '1' },
    };
    const answer = await this.post(param);
    if (!KUAIDI100_TRACKED.includes(answer.returnCode)) {
      throw new Problem(
        503,
        'carrier-unavailable',
        `快递100 did not take waybill ${number}: ${answer.returnCode} ${answer.message}`,
        { returnCode: answer.returnCode },
      );
    }
  }

  /** A push as received (the raw form): the delivery when it says 签收, null for any other state of the track. */
  readPush(form: string): CarrierDelivery | null {
    const fields = new URLSearchParams(form);
    const param = fields.get('param');
    const sign = fields.get('sign');
    if (!param || !sign) {
      throw new Problem(401, 'unsigned-webhook', 'a 快递100 push is a form with param and sign (MD5 of param + salt)');
    }
    if (!kuaidi100PushSigned(param, sign, this.config.kuaidi100Salt)) {
      throw new Problem(401, 'bad-signature', 'the push sign is not MD5(param + salt) under our salt');
    }
    let push: Kuaidi100PushParam;
    try {
      push = JSON.parse(param) as Kuaidi100PushParam;
    } catch {
      throw new Problem(400, 'malformed-carrier-push', 'the push param is not JSON');
    }
    const last = push.lastResult;
    if (!last || typeof last.nu !== 'string' || !Array.isArray(last.data)) {
      throw new Problem(400, 'malformed-carrier-push', 'the push param has no lastResult with nu and data');
    }
    if (String(last.state) !== KUAIDI100_DELIVERED_STATE) {
      return null;
    }
    const newest = last.data[0];
    const occurredAt = (newest && kuaidi100Time(newest.ftime)) ?? null;
    if (!occurredAt) {
      throw new Problem(400, 'malformed-carrier-push', 'a signed-for push carries the time it was signed for');
    }
    return { waybillNo: last.nu, occurredAt, signedBy: newest.context.slice(0, 100) };
  }

  private async post(param: Kuaidi100SubscribeParam): Promise<Kuaidi100Answer> {
    let response: Response;
    try {
      response = await fetch(this.config.kuaidi100PollUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams({ schema: 'json', param: JSON.stringify(param) }).toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new Problem(503, 'carrier-unavailable', `快递100 could not be reached: ${(error as Error).message}`, {
        returnCode: null,
      });
    }
    const text = await response.text();
    try {
      const answer = JSON.parse(text) as Kuaidi100Answer;
      return { result: answer.result, returnCode: String(answer.returnCode), message: String(answer.message ?? '') };
    } catch {
      throw new Problem(503, 'carrier-unavailable', `快递100 answered HTTP ${response.status} without JSON`, {
        returnCode: null,
      });
    }
  }
}
