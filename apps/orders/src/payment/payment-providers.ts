import { OrdersConfig, PaymentMerchant } from '../orders.config';
import { AlipayPayoutProvider } from '../payout/alipay-payout.provider';
import { PayoutProvider } from '../payout/payout-provider';
import { SimulatedPayoutProvider } from '../payout/simulated-payout.provider';
import { WechatPayPayoutProvider } from '../payout/wechatpay-payout.provider';
import { AlipayPaymentProvider } from './alipay/alipay-payment.provider';
import { AlipayClient } from './alipay/alipay.client';
import { PaymentProvider } from './payment-provider';
import { SimulatedPaymentProvider } from './simulated-payment.provider';
import { WechatPayPaymentProvider } from './wechatpay/wechatpay-payment.provider';
import { WechatPayClient } from './wechatpay/wechatpay.client';

/**
 * The path, under PAYMENT_NOTIFY_BASE_URL, where a provider posts its notifications: the platform's merchant at
 * /payments/webhook/<provider>, a county's own merchant at /payments/webhook/<provider>/<merchant>.
 */
export const notifyPath = (provider: 'wechatpay' | 'alipay', merchant?: string): string =>
  `/payments/webhook/${provider}${merchant ? `/${merchant}` : ''}`;

export function wechatPayClient(config: OrdersConfig, merchant?: string): WechatPayClient {
  return new WechatPayClient({
    mchId: config.wechatpayMchId!,
    appId: config.wechatpayAppId!,
    merchantSerialNo: config.wechatpayMerchantSerialNo!,
    merchantPrivateKey: config.wechatpayMerchantPrivateKey!,
    platformPublicKey: config.wechatpayPlatformPublicKey!,
    platformPublicKeyId: config.wechatpayPlatformPublicKeyId!,
    apiV3Key: config.wechatpayApiV3Key!,
    notifyUrl: `${config.paymentNotifyBaseUrl!.replace(/\/$/, '')}${notifyPath('wechatpay', merchant)}`,
    baseUrl: config.wechatpayBaseUrl,
    toleranceSeconds: config.paymentWebhookToleranceSeconds,
  });
}

export function alipayClient(config: OrdersConfig, merchant?: string): AlipayClient {
  return new AlipayClient({
    appId: config.alipayAppId!,
    appPrivateKey: config.alipayAppPrivateKey!,
    alipayPublicKey: config.alipayPublicKey!,
    appCertSn: config.alipayAppCertSn,
    alipayRootCertSn: config.alipayRootCertSn,
    notifyUrl: `${config.paymentNotifyBaseUrl!.replace(/\/$/, '')}${notifyPath('alipay', merchant)}`,
    gateway: config.alipayGateway,
    toleranceSeconds: config.paymentWebhookToleranceSeconds,
  });
}

/** The payment provider PAYMENT_PROVIDER names (loadOrdersConfig has checked its settings). */
export function paymentProviderFor(config: OrdersConfig, simulated: SimulatedPaymentProvider): PaymentProvider {
  switch (config.paymentProvider) {
    case 'wechatpay':
      return new WechatPayPaymentProvider(wechatPayClient(config));
    case 'alipay':
      return new AlipayPaymentProvider(alipayClient(config));
    default:
      return simulated;
  }
}

/** The payout provider of the same provider: money is paid out from where it was taken. */
export function payoutProviderFor(config: OrdersConfig, simulated: SimulatedPayoutProvider): PayoutProvider {
  switch (config.paymentProvider) {
    case 'wechatpay':
      return wechatPayPayouts(config);
    case 'alipay':
      return new AlipayPayoutProvider(alipayClient(config));
    default:
      return simulated;
  }
}

function wechatPayPayouts(config: OrdersConfig, merchant?: string): WechatPayPayoutProvider {
  return new WechatPayPayoutProvider(
    wechatPayClient(config, merchant),
    {
      transferSceneId: config.wechatpayTransferSceneId ?? '1005',
      sceneReportInfos: JSON.parse(config.wechatpayTransferSceneReportInfos) as {
        info_type: string;
        info_content: string;
      }[],
    },
    merchant ? `wechatpay:${merchant}` : 'wechatpay',
  );
}

/** One merchant at a provider: how payments are taken, refunded and paid out through it. */
export interface Merchant {
  /** The provider's name as payments, transactions and payouts record it: `wechatpay`, `alipay:ruijin`, `simulated`. */
  name: string;
  payments: PaymentProvider;
  payouts: PayoutProvider;
}

/**
 * The merchants money moves through: the platform's (PAYMENT_PROVIDER) and each county's own (PAYMENT_MERCHANTS). A
 * county's orders are paid, refunded, asked after and paid out through its merchant; a payment already taken is
 * refunded and asked after through the merchant that took it (by the name it recorded).
 */
export class PaymentMerchants {
  private readonly byName = new Map<string, Merchant>();
  private readonly byCounty = new Map<string, Merchant>();

  constructor(
    readonly platform: Merchant,
    counties: { merchant: Merchant; counties: string[] }[] = [],
  ) {
    this.byName.set(platform.name, platform);
    for (const { merchant, counties: codes } of counties) {
      this.byName.set(merchant.name, merchant);
      for (const county of codes) {
        this.byCounty.set(county, merchant);
      }
    }
  }

  /** The merchant that takes the county's payments and pays its sellers and points. */
  forCounty(countyCode: string): Merchant {
    return this.byCounty.get(countyCode) ?? this.platform;
  }

  /** The merchant of this name (as a payment or transaction recorded it); undefined when not configured. */
  named(name: string): Merchant | undefined {
    return this.byName.get(name);
  }

  all(): Merchant[] {
    return [...this.byName.values()];
  }
}

function countyMerchant({ name, provider, settings }: PaymentMerchant): Merchant {
  const merchantName = `${provider}:${name}`;
  return provider === 'wechatpay'
    ? {
        name: merchantName,
        payments: new WechatPayPaymentProvider(wechatPayClient(settings, name), merchantName),
        payouts: wechatPayPayouts(settings, name),
      }
    : {
        name: merchantName,
        payments: new AlipayPaymentProvider(alipayClient(settings, name), merchantName),
        payouts: new AlipayPayoutProvider(alipayClient(settings, name), merchantName),
      };
}

/** The platform's merchant (the providers PAYMENT_PROVIDER made) and the counties' own (loadOrdersConfig checked them). */
export function paymentMerchantsFor(
  config: OrdersConfig,
  payments: PaymentProvider,
  payouts: PayoutProvider,
): PaymentMerchants {
  return new PaymentMerchants(
    { name: payments.name, payments, payouts },
    config.paymentMerchants.map((merchant) => ({ merchant: countyMerchant(merchant), counties: merchant.counties })),
  );
}
