import { OrdersConfig } from '../orders.config';
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

/** The path, under PAYMENT_NOTIFY_BASE_URL, where a provider posts its notifications. */
export const notifyPath = (provider: 'wechatpay' | 'alipay'): string => `/payments/webhook/${provider}`;

export function wechatPayClient(config: OrdersConfig): WechatPayClient {
  return new WechatPayClient({
    mchId: config.wechatpayMchId!,
    appId: config.wechatpayAppId!,
    merchantSerialNo: config.wechatpayMerchantSerialNo!,
    merchantPrivateKey: config.wechatpayMerchantPrivateKey!,
    platformPublicKey: config.wechatpayPlatformPublicKey!,
    platformPublicKeyId: config.wechatpayPlatformPublicKeyId!,
    apiV3Key: config.wechatpayApiV3Key!,
    notifyUrl: `${config.paymentNotifyBaseUrl!.replace(/\/$/, '')}${notifyPath('wechatpay')}`,
    baseUrl: config.wechatpayBaseUrl,
    toleranceSeconds: config.paymentWebhookToleranceSeconds,
  });
}

export function alipayClient(config: OrdersConfig): AlipayClient {
  return new AlipayClient({
    appId: config.alipayAppId!,
    appPrivateKey: config.alipayAppPrivateKey!,
    alipayPublicKey: config.alipayPublicKey!,
    appCertSn: config.alipayAppCertSn,
    alipayRootCertSn: config.alipayRootCertSn,
    notifyUrl: `${config.paymentNotifyBaseUrl!.replace(/\/$/, '')}${notifyPath('alipay')}`,
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
      return new WechatPayPayoutProvider(wechatPayClient(config), {
        transferSceneId: config.wechatpayTransferSceneId ?? '1005',
        sceneReportInfos: JSON.parse(config.wechatpayTransferSceneReportInfos) as {
          info_type: string;
          info_content: string;
        }[],
      });
    case 'alipay':
      return new AlipayPayoutProvider(alipayClient(config));
    default:
      return simulated;
  }
}
