import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * 快递100's tracking push service (快递信息推送服务), as published at api.kuaidi100.com:
 * - subscribe: `POST https://poll.kuaidi100.com/poll`, a form `schema=json&param=<JSON>` whose param names the
 *   carrier (`company`, lower-case code), the waybill (`number`), the account's `key` and `parameters` with the
 *   `callbackurl` to push to and the `salt` to sign pushes with. Answer: `{result, returnCode, message}`, returnCode
 *   "200" accepted, "501" already subscribed (both mean it is being tracked).
 * - push: `POST <callbackurl>`, a form `param=<JSON>&sign=<MD5(param + salt), upper-case hex>`. The param's
 *   `lastResult.state` is the parcel's state ("3" 签收 = delivered) and `lastResult.data` its track, newest first.
 *   The receiver answers `{"result":true,"returnCode":"200","message":"成功"}`, else 快递100 pushes again later.
 */
export const KUAIDI100_POLL_URL = 'https://poll.kuaidi100.com/poll';

export interface Kuaidi100SubscribeParam {
  company: string;
  number: string;
  key: string;
  to?: string;
  phone?: string;
  parameters: { callbackurl: string; salt: string; resultv2?: string };
}

export interface Kuaidi100Answer {
  result: boolean;
  returnCode: string;
  message: string;
}

/** One line of the track (`lastResult.data`): `ftime` is the formatted local time, "2026-12-06 14:03:00". */
export interface Kuaidi100TrackLine {
  context: string;
  time?: string;
  ftime: string;
  status?: string;
}

export interface Kuaidi100PushParam {
  /** polling, shutdown (tracking ended: signed for), abort, updateall */
  status: string;
  message?: string;
  lastResult: {
    /** 0 在途, 1 揽收, 2 疑难, 3 签收, 4 退签, 5 派件, 8 清关, 14 拒签 */
    state: string;
    ischeck?: string;
    com: string;
    nu: string;
    data: Kuaidi100TrackLine[];
  };
}

export const KUAIDI100_DELIVERED_STATE = '3';

/** Accepted (200) or already tracked (501): both mean 快递100 will push this waybill's track. */
export const KUAIDI100_TRACKED = ['200', '501'];

/** The answer a push receiver gives when it took the push (anything else makes 快递100 push it again). */
export const KUAIDI100_PUSH_TAKEN: Kuaidi100Answer = { result: true, returnCode: '200', message: '成功' };

/** MD5 of `param + salt`, upper-case hex: the `sign` of a push. */
export function signKuaidi100Push(param: string, salt: string): string {
  return createHash('md5')
    .update(param + salt, 'utf8')
    .digest('hex')
    .toUpperCase();
}

/** Constant-time check of a push's `sign` against its `param` as received. */
export function kuaidi100PushSigned(param: string, sign: string, salt: string): boolean {
  const expected = Buffer.from(signKuaidi100Push(param, salt));
  const given = Buffer.from(sign.toUpperCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** 快递100's `ftime` is China Standard Time without a zone: "2026-12-06 14:03:00" → that instant. */
export function kuaidi100Time(ftime: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(ftime.trim());
  if (!match) {
    return null;
  }
  const at = new Date(`${match[1]}T${match[2].length === 5 ? `${match[2]}:00` : match[2]}+08:00`);
  return Number.isNaN(at.getTime()) ? null : at;
}
