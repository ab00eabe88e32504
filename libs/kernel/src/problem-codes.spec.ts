import { VerificationStatus } from '@countyflow/contracts';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsUUID, Length, Matches, Max, MinLength, validate, ValidateNested } from 'class-validator';
import { join } from 'node:path';
import { ListingStatus } from '../../../apps/catalog/src/listing/listing.entity';
import { StorefrontStatus } from '../../../apps/catalog/src/storefront/storefront.entity';
import { ApplicationStatus, PermitKind } from '../../../apps/identity/src/application/application.entity';
import { MessageKind } from '../../../apps/identity/src/message/message.entity';
import { RunStatus } from '../../../apps/logistics/src/run/run.entities';
import {
  CustodyKind,
  LegStatus,
  ScanKind,
  ShipmentStatus,
} from '../../../apps/logistics/src/shipment/shipment.entities';
import { ClaimStatus, Remedy, Resolution } from '../../../apps/orders/src/claim/claim.entities';
import { CommissionStatus } from '../../../apps/orders/src/commission/commission.entity';
import { BuyingGroupStatus } from '../../../apps/orders/src/group-buy/group-buy.entities';
import { OrderStatus } from '../../../apps/orders/src/order/order-state';
import { PaymentStatus, RefundStatus, TransactionOutcome } from '../../../apps/orders/src/payment/payment.entities';
import { PresaleStatus } from '../../../apps/orders/src/presale/presale.entity';
import { fieldProblemText, PROBLEM_TEXTS, problemText, RULE_TEXTS } from '../../../apps/web/src/i18n/problems';
import { STATUS_WORDS } from '../../../apps/web/src/i18n/statuses';
import { flattenValidationErrors, Problem, STATUS_PROBLEM_CODES, toProblem } from './problem';
import { collectProblemCodes, collectValidationRules } from './problem-codes';

const ROOT = join(__dirname, '../../..');
const SERVICES = [
  'apps/catalog/src',
  'apps/identity/src',
  'apps/orders/src',
  'apps/logistics/src',
  'apps/gateway/src',
  'libs',
];
/** Sites that pass on a code made elsewhere, where the collector reads it (the refusal or webhook rejection). */
const PASSED_ON = [
  'apps/orders/src/payment/payment.service.ts', // WebhookRejected(401, 'missing-signature', …)
  'apps/logistics/src/shipment/custody.service.ts', // judgeScan's refuse(409, 'out-of-sequence', …)
  'apps/gateway/src/statistics/statistics-export.service.ts', // a service's refusal, passed on unchanged
];

describe('problem codes and their words in the web app', () => {
  const { sites, unreadable } = collectProblemCodes(ROOT, SERVICES);
  const codes = [...new Set([...sites.map((site) => site.code), ...STATUS_PROBLEM_CODES])].sort();

  it('finds the codes of every service, the kernel and the gateway', () => {
    expect(codes.length).toBeGreaterThan(150);
    expect(codes).toEqual(
      expect.arrayContaining([
        'validation-failed', // the kernel
        'not-found', // a plain NotFoundException
        'pickup-locked', // logistics
        'bad-credentials', // identity
        'illegal-transition', // catalog
        'claim-window-closed', // orders
        'upstream-timeout', // the gateway
        'out-of-sequence', // a refusal made by a rule, passed on
        'missing-signature', // a webhook rejection, passed on
      ]),
    );
  });

  it('reads every code where it is made, except at the sites that pass one on', () => {
    const unknown = unreadable.filter((at) => !PASSED_ON.some((file) => at.startsWith(`${file}:`)));
    expect(unknown).toEqual([]);
  });

  it.each(['zh-CN', 'en'] as const)('has %s words for every code', (locale) => {
    const missing = codes
      .filter((code) => PROBLEM_TEXTS[locale][code] === undefined)
      .map((code) => `${code} (${sites.find((site) => site.code === code)?.at ?? 'a status code'})`);
    expect(missing).toEqual([]);
  });

  it('has Chinese words that are Chinese', () => {
    const english = Object.entries(PROBLEM_TEXTS['zh-CN'])
      .map(([code, text]) => [code, typeof text === 'string' ? text : text({ retryAfterSeconds: 60, missing: [] })])
      .filter(([, text]) => !/[\u4e00-\u9fff]/.test(text));
    expect(english).toEqual([]);
  });

  it('has words for every validation rule the DTOs use', () => {
    const rules = collectValidationRules(ROOT, SERVICES);
    expect(rules).toEqual(expect.arrayContaining(['isLength', 'isUuid', 'matches', 'minLength', 'isDecimal']));
    const missing = [...rules, 'whitelistValidation', 'nestedValidation', 'invalidText', 'maxDepth'].filter(
      (rule) => RULE_TEXTS['zh-CN'][rule] === undefined || RULE_TEXTS.en[rule] === undefined,
    );
    expect(missing).toEqual([]);
  });
});

describe('the web app saying a problem', () => {
  const field = (rule: string, limit?: unknown) => ({ field: 'f', rule, limit, message: 'f must be English' });

  it.each([
    [field('isLength', [1, 50]), '必填，最多 50 个字', 'required, at most 50 characters'],
    [field('minLength', 1), '必填', 'required'],
    [field('max', 99), '不能大于 99', 'must be at most 99'],
    [field('matches', '^\\d{6}$'), '应为 6 位数字', 'must be 6 digits'],
    [
      field('matches', '^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8})$'),
      '请填写正确的电话号码（手机或带区号的座机）',
      'enter a valid phone number (mobile, or landline with its area code)',
    ],
    [field('matches', '^1[3-9]\\d{9}$'), '请填写正确的手机号', 'enter a valid mobile number'],
    [field('isUuid'), '请从列表中选择', 'choose from the list'],
    [field('somethingNew'), '格式不正确', 'f must be English'],
  ])('words a field error by its rule and limit: %o', (error, zh, en) => {
    expect(fieldProblemText('zh-CN', error)).toBe(zh);
    expect(fieldProblemText('en', error)).toBe(en);
  });

  it('words a code with its params, naming the parcel a refusal is about', () => {
    expect(problemText('zh-CN', 'pickup-locked', { retryAfterSeconds: 300 })).toBe(
      '取件码输错次数太多，请 5 分钟后再试',
    );
    expect(problemText('zh-CN', 'duplicate-scan', { parcelCode: '360722-AB12' })).toBe(
      '包裹 360722-AB12：刚刚已经扫描过一次，不能重复扫描',
    );
    expect(problemText('zh-CN', 'no-such-code')).toBeUndefined();
  });
});

describe('status words in the web app', () => {
  const ENUMS = {
    ListingStatus,
    StorefrontStatus,
    RunStatus,
    CustodyKind,
    LegStatus,
    ScanKind,
    ShipmentStatus,
    ClaimStatus,
    Remedy,
    Resolution,
    CommissionStatus,
    OrderStatus,
    PresaleStatus,
    BuyingGroupStatus,
    PaymentStatus,
    RefundStatus,
    TransactionOutcome,
    VerificationStatus,
    ApplicationStatus,
    PermitKind,
    MessageKind,
  };

  it.each(['zh-CN', 'en'] as const)('has %s words for every status and kind the services send', (locale) => {
    const missing = Object.entries(ENUMS).flatMap(([name, values]) =>
      Object.values(values as Record<string, string>)
        .filter((value) => STATUS_WORDS[locale][value] === undefined)
        .map((value) => `${name}.${value}`),
    );
    expect(missing).toEqual([]);
  });
});

class Line {
  @IsUUID()
  skuId!: string;

  @IsInt()
  @Max(99)
  quantity!: number;
}

class Body {
  @MinLength(1)
  province!: string;

  @Length(2, 40)
  name!: string;

  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode!: string;

  @IsIn(['online', 'cash'])
  paymentMethod!: string;

  @ValidateNested({ each: true })
  @Type(() => Line)
  lines!: Line[];
}

describe(flattenValidationErrors.name, () => {
  it('gives each field error its rule and the limit declared on the DTO, nested ones too', async () => {
    const body = plainToInstance(Body, {
      province: '',
      name: 'x',
      countyCode: '3607',
      paymentMethod: 'card',
      lines: [{ skuId: 'a', quantity: 120 }],
    });
    const errors = flattenValidationErrors(await validate(body));
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'province', rule: 'minLength', limit: 1, message: expect.stringContaining('province') },
        { field: 'name', rule: 'isLength', limit: [2, 40], message: expect.any(String) },
        { field: 'countyCode', rule: 'matches', limit: '^\\d{6}$', message: 'countyCode must be 6 digits' },
        { field: 'paymentMethod', rule: 'isIn', limit: ['online', 'cash'], message: expect.any(String) },
        { field: 'lines.0.skuId', rule: 'isUuid', message: expect.any(String) },
        { field: 'lines.0.quantity', rule: 'max', limit: 99, message: expect.any(String) },
      ]),
    );
    expect(errors).toHaveLength(6);
  });
});

describe(toProblem.name, () => {
  it('answers 503 service-unavailable, to try again in a second, when the database is out of reach for a moment', () => {
    const outOfReach = [
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
      { driverError: { code: '08006' } },
    ];
    for (const error of outOfReach) {
      expect(toProblem(error)).toMatchObject({
        problem: { status: 503, code: 'service-unavailable', retryAfterSeconds: 1 },
        unexpected: false,
      });
    }
    // what the request asked for going wrong stays what it was
    expect(toProblem(Object.assign(new Error('deadlock detected'), { code: '40P01' })).problem.status).toBe(500);
    expect(toProblem(new Error('boom')).problem.status).toBe(500);
  });

  it('puts the code and the extensions as params into every problem', () => {
    const { problem } = toProblem(
      new Problem(423, 'pickup-locked', 'try again in 5 minute(s)', { retryAfterSeconds: 300 }),
    );
    expect(problem).toMatchObject({
      type: '/problems/pickup-locked',
      code: 'pickup-locked',
      status: 423,
      retryAfterSeconds: 300,
      params: { retryAfterSeconds: 300 },
    });
  });

  it('gives a problem without extensions empty params, and keeps field errors out of them', () => {
    expect(toProblem(new Problem(404, 'order-not-found', 'no order o1')).problem.params).toEqual({});
    const withErrors = toProblem(
      new Problem(400, 'pledge-incomplete', 'not given', { missing: ['a'], errors: [{ field: 'pledge.a' }] }),
    ).problem;
    expect(withErrors.params).toEqual({ missing: ['a'] });
    expect(withErrors.errors).toEqual([{ field: 'pledge.a' }]);
  });
});
