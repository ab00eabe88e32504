export * from './aliyun-sms.sender';
export * from './dev-sms.outbox';
export * from './sms.config';
export * from './sms.factory';
export * from './sms.port';
export * from './tencent-sms.sender';
