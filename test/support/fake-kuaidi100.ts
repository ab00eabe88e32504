import { createHash } from 'node:crypto';
import { FakeHttpServer, FakeRequest, FakeResponse } from '../money/providers/fake-server';

/** One waybill 快递100 was asked to track: as our subscription sent it. */
export interface Kuaidi100Subscription {
  company: string;
  number: string;
  key: string;
  to?: string;
  phone?: string;
  callbackurl: string;
  salt: string;
}

export interface PushAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * A local 快递100 that speaks its published protocol: `POST /poll` takes a subscription form (`schema=json`,
 * `param` JSON with company, number, key and parameters.callbackurl/salt) and answers `{result, returnCode,
 * message}` — 200 提交成功, 501 重复订阅, 600 for a key it does not know; `push` posts the track of a subscribed waybill
 * to its callback URL as 快递100 does, a form `param` + `sign` = MD5(param + salt) upper-case.
 */
export class FakeKuaidi100 {
  private readonly server = new FakeHttpServer((request) => this.handle(request));
  readonly subscriptions = new Map<string, Kuaidi100Subscription>();
  url = '';
  private refusal: { returnCode: string; message: string } | null = null;
  private held: Promise<void> | null = null;

  /**
   * @param key the account key it accepts
   * @param reach how this fake reaches a callback URL from where the test runs (the public address mapped to the
   *   local port, as the internet's route to the platform would)
   */
  constructor(
    private readonly key: string,
    private readonly reach: (callbackurl: string) => string = (url) => url,
  ) {}

  /** Starts it; started again after `stop`, it is back at the same address. */
  async start(): Promise<string> {
    this.url = await this.server.start(this.url ? Number(new URL(this.url).port) : 0);
    return this.url;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** The next subscription is refused with this returnCode (e.g. 701 拒绝订阅的快递公司). */
  refuseNext(returnCode: string, message: string): void {
    this.refusal = { returnCode, message };
  }

  /**
   * The next subscription waits, unanswered, until the returned release is called; it is then answered as
   * `refuseNext`/the usual rules say at that moment (a slow 快递100).
   */
  holdNext(): () => void {
    let release!: () => void;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return release;
  }

  /** Subscription requests received so far (whatever they were answered). */
  get subscribeRequests(): number {
    return this.server.received.filter((request) => request.url.startsWith('/poll')).length;
  }

  get pollUrl(): string {
    return `${this.url}/poll`;
  }

  /** Pushes a waybill's track; `state` 3 is 签收. Lines are newest first, `ftime` in China time. */
  async push(
    number: string,
    state: string,
    lines: { context: string; ftime: string }[],
    options: { salt?: string; tamper?: (param: string) => string } = {},
  ): Promise<PushAnswer> {
    const subscription = this.subscriptions.get(number);
    if (!subscription) {
      throw new Error(`快递100 fake: ${number} was never subscribed`);
    }
    const param = JSON.stringify({
      status: state === '3' ? 'shutdown' : 'polling',
      billstatus: 'check',
      message: '',
      lastResult: {
        message: 'ok',
        state,
        status: '200',
        condition: 'F00',
        ischeck: state === '3' ? '1' : '0',
        com: subscription.company,
        nu: number,
        data: lines.map((line) => ({ ...line, time: line.ftime })),
      },
    });
    const sign = createHash('md5')
      .update(param + (options.salt ?? subscription.salt), 'utf8')
      .digest('hex')
      .toUpperCase();
    const response = await fetch(this.reach(subscription.callbackurl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ param: options.tamper ? options.tamper(param) : param, sign }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  private async handle(request: FakeRequest): Promise<FakeResponse> {
    if (request.url.startsWith('/poll') && this.held) {
      const held = this.held;
      this.held = null;
      await held;
    }
    return this.answer(request);
  }

  private answer(request: FakeRequest): FakeResponse {
    const answer = (returnCode: string, message: string): FakeResponse => ({
      status: 200,
      headers: { 'content-type': 'application/json;charset=utf-8' },
      body: JSON.stringify({ result: returnCode === '200', returnCode, message }),
    });
    if (request.method !== 'POST' || !request.url.startsWith('/poll')) {
      return { status: 404, body: 'not found' };
    }
    const form = new URLSearchParams(request.body);
    if (form.get('schema') !== 'json' || !form.get('param')) {
      return answer('701', '参数错误');
    }
    const param = JSON.parse(form.get('param')!) as Omit<Kuaidi100Subscription, 'callbackurl' | 'salt'> & {
      parameters: { callbackurl: string; salt: string };
    };
    if (param.key !== this.key) {
      return answer('600', '您不是合法的订阅者（即授权Key出错）');
    }
    if (!param.company || !param.number || !param.parameters?.callbackurl) {
      return answer('701', '拒绝订阅的快递公司');
    }
    if (this.refusal) {
      const { returnCode, message } = this.refusal;
      this.refusal = null;
      return answer(returnCode, message);
    }
    if (this.subscriptions.has(param.number)) {
      return answer('501', '重复订阅');
    }
    this.subscriptions.set(param.number, {
      company: param.company,
      number: param.number,
      key: param.key,
      to: param.to,
      phone: param.phone,
      callbackurl: param.parameters.callbackurl,
      salt: param.parameters.salt,
    });
    return answer('200', '提交成功');
  }
}
