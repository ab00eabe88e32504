/*
 * The API's problem codes and validation rules in the web app's languages. A problem+json answer carries a stable
 * `code` with its `params`, and each field error its `rule` and `limit`; the English `detail` and `message` are for
 * logs and API users, never shown in the Chinese app. libs/kernel/src/problem-codes.spec.ts collects every code the
 * services can answer and fails when one has no Chinese text here. Plain data (no React) so that test can read it.
 */

/** A problem's params (its RFC 9457 extensions: `retryAfterSeconds`, `currentStatus`, `missing`, …). */
export type ProblemParams = Record<string, unknown>;
export type ProblemText = string | ((params: ProblemParams) => string);

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const minutes = (params: ProblemParams): number => Math.max(1, Math.ceil((num(params.retryAfterSeconds) ?? 60) / 60));

/** The items of a producer's pledge, named as the certificate form names them. */
const PLEDGE_ZH: Record<string, string> = {
  noBannedSubstances: '不使用禁用农药兽药、停用兽药和非法添加物',
  safetyIntervalsKept: '遵守农药安全间隔期、兽药休药期规定',
  residuesWithinLimits: '常规农药兽药残留不超标',
};
const PLEDGE_EN: Record<string, string> = {
  noBannedSubstances: 'no banned substances',
  safetyIntervalsKept: 'safety intervals kept',
  residuesWithinLimits: 'residues within limits',
};
/** The verified tags (catalog's `Certification`). */
const TAG_ZH: Record<string, string> = {
  geographical_indication: '地理标志',
  green_food: '绿色食品',
  organic: '有机',
  consumption_assistance: '消费帮扶',
};
const TAG_EN: Record<string, string> = {
  geographical_indication: 'geographical indication',
  green_food: 'green food',
  organic: 'organic',
  consumption_assistance: 'consumption assistance',
};
/** The permits an application may need (identity's `PermitKind`). */
export const PERMIT_ZH: Record<string, string> = {
  food_business_licence: '食品经营许可证',
  pesticide_operation_permit: '农药经营许可证',
};
export const PERMIT_EN: Record<string, string> = {
  food_business_licence: 'food business licence',
  pesticide_operation_permit: 'pesticide operation permit',
};
const listed = (names: Record<string, string>, separator: string) => (params: ProblemParams) =>
  (Array.isArray(params.missing) ? params.missing : []).map((item) => names[String(item)] ?? '').join(separator);

export const PROBLEM_TEXTS: Readonly<Record<'zh-CN' | 'en', Record<string, ProblemText>>> = {
  'zh-CN': {
    // the kernel: transport, parsing, the database's backstops
    'bad-request': '提交的内容有误',
    unauthorized: '请先登录',
    forbidden: '没有权限',
    'not-found': '没有找到',
    'method-not-allowed': '不支持这种操作',
    conflict: '当前状态不允许这样操作',
    'request-timeout': '请求超时，请重试',
    'payload-too-large': '提交的内容太大',
    'uri-too-long': '网址太长',
    'unsupported-media-type': '提交的格式不受支持',
    'unprocessable-content': '无法办理',
    locked: '已被锁定',
    'too-many-requests': '操作太频繁，请稍后再试',
    'request-header-fields-too-large': '请求头太大',
    'internal-server-error': '服务器出错了',
    'bad-gateway': '服务暂时不可用，请稍后再试',
    'service-unavailable': '服务暂时不可用，请稍后再试',
    'gateway-timeout': '服务响应超时，请稍后再试',
    'upstream-timeout': '服务响应超时，请稍后再试',
    'not-ready': '服务正在启动，请稍后再试',
    'web-app-not-built': '网页应用尚未构建',
    'internal-error': '服务器出错了，请把请求编号告诉客服',
    'validation-failed': '请修改标出的内容',
    'malformed-json': '提交的数据格式不正确',
    'malformed-request': '请求格式不正确',
    'bad-content-length': '请求长度不正确',
    'body-too-large': '提交的内容太大',
    'headers-too-large': '请求头太大',
    'invalid-text': '内容含有无法保存的字符（如空字符或残缺的表情符号），请删除后重试',
    'json-too-deep': '提交的数据层级过深',
    'invalid-value': '有一项的格式不正确',
    'already-exists': '已经存在，不能重复创建',
    'reference-missing': '引用的内容不存在',
    'invalid-county-code': '县级行政区划代码应为 6 位数字',
    'invalid-period': '日期超出可查询的范围',
    // sign-in and sessions
    unauthenticated: '请先登录',
    'invalid-token': '登录已失效，请重新登录',
    'token-revoked': '您已退出登录，请重新登录',
    'auth-unavailable': '暂时无法核验登录状态，请稍后再试',
    'bad-credentials': '手机号或密码不正确',
    'invalid-refresh-token': '登录已过期，请重新登录',
    'rate-limited': (params) => `尝试次数太多，请 ${minutes(params)} 分钟后再试`,
    'rate-limit-unavailable': '暂时无法处理，请稍后再试',
    'phone-taken': '这个手机号已经注册，请直接登录',
    'sms-code-wrong': (params) => `验证码不对，还可以再试 ${num(params.attemptsLeft) ?? 1} 次`,
    'sms-code-expired': '验证码已失效，请重新获取',
    'sms-code-exhausted': '验证码输错次数太多，请重新获取',
    'sms-send-failed': '短信发送失败，请稍后再试',
    'user-not-found': '账号不存在',
    // organisations
    'organisation-not-found': '没有找到这个组织',
    'membership-not-found': '这个人不是该组织的成员',
    'already-member': '这个人已经是该组织的成员',
    'last-owner': '组织至少要有一位负责人，请先添加另一位负责人',
    'role-not-allowed': '这类组织不能设置这个角色',
    'missing-role': '您的账号没有这项权限',
    'region-mismatch': '所选村庄不在这个县',
    'credit-code-required': '请填写统一社会信用代码',
    'invalid-credit-code': '统一社会信用代码不正确，请核对营业执照',
    'credit-code-taken': '这个统一社会信用代码已经登记过',
    'not-verifiable': '这类组织不需要审核',
    'not-platform-admin': '只有平台管理员可以使用管理页面',
    'not-county-staff': '只有本县工作人员可以这样操作',
    // catalog
    'category-not-found': '没有找到这个品类',
    'unknown-category': '请选择一个有效的品类',
    'listing-not-found': '没有找到这个商品',
    'listing-removed': '这个商品已下架删除，不能再修改',
    'listing-has-no-skus': '请先添加至少一个规格（规格、价格、重量）再上架',
    'listing-not-in-county': '有商品不属于这个县',
    'illegal-transition': '商品当前的状态不允许这样操作',
    'not-a-member': '只有该店铺的负责人和员工可以修改这个商品',
    'seller-not-found': '没有找到这个商家（可能还未通过审核）',
    'seller-not-verified': '店铺还未通过县里的审核，审核通过后才能上架商品',
    'sku-not-found': '没有找到这个规格',
    'stock-below-zero': (params) =>
      num(params.available) === undefined
        ? '库存不能减到零以下'
        : `库存只剩 ${num(params.available)} 件，不能减到零以下`,
    'received-must-be-positive': '入库数量必须大于零；减少库存请选择“盘点调整”',
    'temperature-bounds-not-allowed': '只有“自定义温度范围”才填写最低和最高温度',
    'temperature-bounds-required': '自定义温度范围需要同时填写最低和最高温度',
    'temperature-range-invalid': '最低温度不能高于最高温度',
    'village-not-in-county': '产地村不在本县',
    'lot-needs-produce': '批次和合格证只适用于农产品',
    'harvest-range-invalid': '采收结束日期不能早于开始日期',
    'issue-date-in-future': '开具日期不能晚于今天',
    'harvest-after-issue': '采收日期不能晚于合格证开具日期',
    'pledge-incomplete': (params) => `合格证需要生产者作出全部承诺，还缺：${listed(PLEDGE_ZH, '；')(params)}`,
    'origin-required': '请选择产地村',
    'trace-code-not-found': '没有找到这个溯源码',
    'invalid-place-code': '行政区划代码应为 2、4、6、9 或 12 位数字',
    'place-not-found': '没有找到这个地方',
    'address-book-full': (params) => `地址簿最多保存 ${num(params.limit) ?? 20} 个地址，请先删除一个`,
    'address-not-found': '地址簿里没有这个地址',
    'address-place-unknown': '所选地区不在行政区划数据中',
    'storefront-exists': '这个县已经开设了县域馆',
    'storefront-not-found': '这个县还没有开设县域馆',
    'synonym-invalid': '同义词须是一个词，并至少对应一个其他词',
    'synonym-not-found': '没有找到这个同义词',
    'price-range-invalid': '最低价不能高于最高价',
    'invalid-cursor': '翻页信息已失效，请重新搜索',
    // orders, payments, claims, reviews
    'order-not-found': '没有找到这个订单',
    'order-group-not-found': '没有找到这笔订单',
    'duplicate-line': '同一规格只能出现在一行里，请合并数量',
    'unavailable-skus': '有商品已售完或下架，请调整购物车',
    'destination-mismatch': '收货方式和填写的内容不一致',
    'cash-needs-service-point': '只有到服务站自提时才能货到付款',
    'unknown-service-point': '请选择一个有效的服务站',
    'service-point-suspended': '这个服务站暂停收件，请换一个',
    'service-point-out-of-county': '这个服务站不在商家所在的县，请换一个服务站或改为送货到地址',
    'invalid-idempotency-key': '提交标识不正确，请刷新后重试',
    'idempotency-key-reused': '订单内容已改变，请刷新后重新提交',
    'nothing-to-pay': '没有待付款的订单',
    'cash-on-collection': '这笔订单在服务站取货时付现金',
    'not-cash-on-collection': '这个订单已在线付款',
    'cash-amount-mismatch': '收款金额和订单金额不一致',
    'cash-already-received': '这个订单的现金已经收过了',
    'not-collectable': '这个订单现在不能收款',
    'not-the-service-point': '只有取货服务站的人员可以确认收款',
    'unknown-payment': '没有找到这笔付款',
    'simulator-disabled': '这里没有启用模拟支付',
    'malformed-webhook': '支付通知格式不正确',
    'missing-signature': '支付通知缺少签名',
    'invalid-signature': '支付通知签名不正确',
    'stale-webhook': '支付通知已过期',
    'unsigned-webhook': '通知缺少签名',
    'bad-signature': '通知签名不正确',
    'not-delivered': '订单送达后才能申请售后',
    'claim-window-closed': '已超过售后申请期限',
    'claim-exists': '这个订单已经有售后申请，请查看那一条',
    'claim-not-found': '没有找到这个售后申请',
    'illegal-claim-transition': '售后申请当前的状态不允许这样操作',
    'claim-resolved': '这个售后申请已经处理完毕，不能再添加照片',
    'claim-photos-full': (params) => `每个售后申请最多 ${num(params.max) ?? 9} 张照片`,
    'not-the-seller': '只有商家可以处理这个售后申请',
    'not-the-buyer': '只有买家本人可以这样操作',
    'remedy-required': '请选择处理方式',
    'amount-required': '部分退款需要填写金额',
    'amount-not-allowed': '这种处理方式不需要填写金额',
    'no-online-payment': '这个订单不是在线付款的，现金在服务站退还',
    'refund-exceeds-payment': '退款金额超过了可退金额',
    'not-completed': '订单完成后才能评价',
    'already-reviewed': '这个订单已经评价过了',
    // logistics
    'node-not-found': '没有找到这个站点',
    'node-exists': '这个站点编码已经存在',
    'parent-not-found': '没有找到上级站点',
    'node-placement': '站点的层级或编码与上级站点不符',
    'no-cold-storage': '没有冷库就不能填写冷库容量',
    'shelves-required': '村级服务站至少需要 1 个货架 1 层',
    'shelves-occupied': '货架上还有包裹，请先发放再缩小货架',
    'shelves-full': '货架已满，请先发放包裹或增加货架',
    'vehicle-exists': '这个车牌已经登记',
    'vehicle-not-found': '没有找到这辆车',
    'route-not-found': '没有找到这条线路',
    'node-not-servable': '线路只能服务本县的乡镇和村',
    'not-a-bus': '定时班车线路需要选择客车',
    'timetable-required': '定时班车线路需要填写时刻表',
    'timetable-node': '时刻表里有不在线路上的站点',
    'timetable-order': '时刻表的发车时间要按先后顺序排列',
    'not-network-reader': '您没有查看这个县物流网络的权限',
    'not-node-operator': '您不是这个站点的经办人',
    'scope-required': '请指定包裹或县',
    'no-hub': '这个县还没有县级物流中心',
    'planning-in-progress': '正在排线，请稍后再试',
    'run-not-found': '没有找到这个车次',
    'not-waiting': '这个包裹现在不在等待装车',
    'already-on-run': '这个包裹已经在这个车次上',
    'on-dispatched-run': '这个包裹所在的车次已经出发',
    'vehicle-not-refrigerated': '这个包裹需要冷链，这辆车没有冷藏',
    'not-on-run': '这个包裹不在这个车次上',
    'not-a-reordering': '请按原有站点重新排序，不要增减站点',
    'not-a-stop': '这个车次不经过这个站点',
    'over-capacity': '超过了车辆的载重或容积',
    'shipment-not-found': '没有找到这个包裹',
    'parcel-not-found': '没有找到这个包裹',
    'not-your-shipment': '您不能查看这个包裹',
    'not-custodian': '只有保管包裹的站点或县工作人员可以记录温度',
    'not-in-network': '这个包裹不在物流网络中',
    'already-in-network': '这个包裹已经进入物流网络，路线已定',
    unroutable: '找不到送达这个地点的线路',
    'not-produce': '这是下行的工业品包裹，应在县级物流中心入网',
    'not-on-route': '这个包裹不是在本站交寄的',
    'not-a-village-point': '这个站点不是村级服务站',
    'weight-out-of-tolerance': '称重与订单重量相差太多',
    'out-of-sequence': '扫描顺序不对，请按包裹的路线扫描',
    'duplicate-scan': '刚刚已经扫描过一次，不能重复扫描',
    'shipment-closed': '这个包裹已经结束，不能再扫描',
    'vehicle-required': '发车扫描需要选择车辆或车次',
    'vehicle-not-applicable': '只有发车扫描才选择车辆或车次',
    'temperature-required': '冷链包裹每次交接都要记录温度',
    'temperature-not-applicable': '常温包裹不需要记录温度',
    'cold-storage-full': '冷库已满',
    'pickup-code-mismatch': '取件码和手机号对不上，请核对后再试',
    'pickup-code-used': '这个取件码已经用过了',
    'pickup-locked': (params) => `取件码输错次数太多，请 ${minutes(params)} 分钟后再试`,
    'pickup-guard-unavailable': '暂时无法核验取件码，请稍后再试',
    'pickup-codes-exhausted': '没有空闲的取件号，请先发放一些包裹',
    'not-the-hub': '包裹要在县级物流中心交给快递公司',
    'not-available': '这里没有启用模拟快递',
    'waybill-not-found': '没有找到这个运单',
    'waybill-required': '请扫描或填写快递面单上的运单号',
    'carrier-unavailable': '快递公司暂时没有接单，包裹留在县仓，请稍后再交',
    'kuaidi100-not-configured': '这里没有接入快递100',
    'malformed-carrier-push': '快递轨迹推送格式不正确',
    // operations
    'dead-letter-not-found': '没有找到这条死信',
    'already-replayed': '这条死信已经重放过了',
    'queue-unavailable': '消息队列暂时不可用，请稍后再试',
    // the middle mile, money and payment providers
    'already-resolved': '这个异常已经处理过了',
    'best-before-before-harvest': '保质期不能早于采收日期',
    'cutoff-in-future': '结算截止日不能晚于今天',
    'exception-not-found': '没有找到这条异常记录',
    'handover-already-confirmed': '这笔现金交接已经确认过了',
    'handover-not-found': '没有找到这笔现金交接',
    'history-illegal-path': '导入的历史订单状态顺序不对：必须从下单一步步走到完成',
    'history-not-past': '导入的历史记录时间必须按先后顺序，而且都已过去',
    'history-payment-missing': '导入的历史订单缺少付款信息：在线支付要有支付单号，现金要有收款人',
    'history-unknown-node': '导入的历史包裹经过的站点不在这个县的物流网络里',
    'history-unknown-sku': '导入的历史销量里有规格不属于该订单的卖家',
    'import-conflict': '导入的账号手机号或组织的信用代码已被别的账号或组织使用，这一批都没有导入',
    'import-platform': '平台组织由系统自己开设，不能导入',
    'import-unknown-account': '导入的组织成员里有还不存在的账号，请先导入账号',
    'idempotency-in-progress': '同一条记录正在处理中，请稍后再看结果',
    'invalid-date': '日期格式不对，请用 年-月-日',
    'lot-expired': '这个批次已过保质期，不能寄出',
    'lot-insufficient': '这个批次剩余的数量不够这个包裹',
    'lot-not-sellers': '这个批次不属于这个订单的卖家',
    'lot-unknown': '没有这个批次：请扫批次合格证上的追溯码',
    'more-than-cash-held': '交接金额超过了服务站现有的现金',
    'no-payee-account': '还没有填写收款账户，不能付款',
    'not-a-cold-run': '这趟车没有冷链货品，不需要录入温度',
    'not-a-driver': '您不是这辆车的司机',
    'nothing-paid': '这个订单还没有付款，无需退款',
    'payer-openid-required': '微信内支付需要您的微信身份，请在微信中打开',
    'payment-provider-unavailable': '支付机构暂时没有响应，请稍后再试',
    'payout-not-failed': '只有失败的打款才能重试',
    'provider-not-configured': '这种支付方式还没有开通',
    'receipt-already-confirmed': '这个订单已经确认收货了',
    'refund-not-awaiting-cash': '这笔退款不是待付现金的退款',
    'refund-not-found': '没有找到这笔退款',
    'statement-not-found': '没有找到这张结算单',
    'undecryptable-resource': '支付通知无法解密',
    'unexpected-event': '支付通知的类型不对',
    'unknown-refund': '支付机构通知的退款不存在',
    'unknown-signing-key': '支付通知的签名证书未知',
    'unsupported-payment-channel': '当前不支持这种支付方式',
    'wrong-merchant': '支付通知不是本商户的',
    'wrong-run': '这个包裹不属于这个车次',
    'wrong-stop': '这个包裹不是这一站的',
    // photos and their links
    'photo-missing': '请选择一张照片',
    'photo-too-large': (params) =>
      `照片太大，最大 ${Math.round((num(params.limitBytes) ?? 12_582_912) / 1_048_576)} MB`,
    'photo-type-unsupported': '只能上传 JPEG、PNG 或 WebP 格式的照片',
    'photo-unreadable': '照片已损坏，无法读取，请重新拍摄',
    'photo-dimensions-too-small': (params) => `照片太小，短边至少 ${num(params.minSide) ?? 200} 像素`,
    'photo-dimensions-too-large': (params) => `照片尺寸太大，长边最多 ${num(params.maxSide) ?? 12000} 像素`,
    'multipart-required': '请以文件形式上传照片',
    'multipart-malformed': '上传的内容无法读取，请重试',
    'media-link-invalid': '照片链接无效或被改动过',
    'media-link-expired': '照片链接已过期，请刷新页面',
    'listing-photos-full': (params) => `商品最多 ${num(params.limit) ?? 9} 张照片，请先删掉一些`,
    'lot-photos-full': (params) => `每个批次最多 ${num(params.limit) ?? 6} 张照片`,
    'lot-not-found': '没有找到这个批次',
    // coupons and campaigns
    'campaign-dates': '活动结束时间要晚于开始时间',
    'campaign-listing-not-in-county': '有商品不是本县在售的商品，不能加入活动',
    'campaign-not-found': '没有找到这个活动',
    'campaign-budget-exhausted': '活动预算已用完，请换一张券',
    'coupon-campaign-county-only': '店铺券不能加入县里的活动',
    'coupon-amount-not-below-threshold': '减免金额要小于使用门槛',
    'coupon-dates': '有效期结束要晚于开始',
    'coupon-outside-campaign': '活动券的有效期要在活动时间之内',
    'coupon-not-found': '没有找到这张券',
    'coupon-not-valid-now': '这张券现在不在领取时间内',
    'coupon-sold-out': '这张券已经被领完了',
    'coupon-claim-limit': (params) => `这张券每人限领 ${num(params.perBuyerLimit) ?? 1} 张，您已领过`,
    'coupon-claim-not-found': '没有找到您领的这张券',
    'coupon-not-usable': (params) =>
      params.state === 'used' ? '这张券已经用过了' : params.state === 'expired' ? '这张券已过期' : '这张券现在还不能用',
    'coupon-stacking': '每单只能用一张平台或县里的券，每个店铺只能用一张店铺券',
    'coupon-stopped': '这张券已停发，不能再领取或修改',
    'campaign-stopped': '这个活动已停止，不能再修改',
    'coupon-terms-claimed': (params) =>
      `已有 ${num(params.issuedCount) ?? 0} 人领取，门槛、金额、有效期和每人限领不能再改`,
    'coupon-limit-below-issued': (params) => `已经领出 ${num(params.issuedCount) ?? 0} 张，总数不能比这更少`,
    'campaign-budget-below-spent': (params) =>
      `活动已花掉 ${((num(params.spentFen) ?? 0) / 100).toFixed(2)} 元，预算不能比这更少`,
    'coupon-threshold-not-met': (params) =>
      `还差 ${(((num(params.thresholdFen) ?? 0) - (num(params.eligibleFen) ?? 0)) / 100).toFixed(2)} 元才能用这张券`,
    'county-required': '请选择县区：只有平台管理员可以一次查看所有县区',
    // verified tags
    'tag-not-found': '没有找到这个认证标签',
    'tag-already-applied': (params) => `这个商品已有${TAG_ZH[String(params.kind)] ?? ''}标签或正在审核的申请`,
    'tag-expiry-required': (params) => `${TAG_ZH[String(params.kind)] ?? '该'}证书有有效期，请填写到期日`,
    'tag-certificate-expired': (params) =>
      `证书已于 ${typeof params.expiresOn === 'string' ? params.expiresOn : ''} 过期`,
    'tag-photo-missing': '还没有上传证书照片，不能通过审核',
    // seller applications
    'application-not-found': '没有找到这份入驻申请',
    'application-illegal-transition': '申请当前的状态不允许这样操作',
    'application-licence-missing': '请先上传营业执照照片',
    'application-permit-missing': (params) =>
      `还缺少许可证：${(Array.isArray(params.missing) ? params.missing : []).map((kind) => PERMIT_ZH[String(kind)] ?? '').join('、')}`,
    // pre-sale (预售) and group buying (拼团)
    'unknown-sku': '没有找到这个规格',
    'invalid-shipping-window': '发货时间段的结束日期不能早于开始日期',
    'presale-closes-in-past': '预售截止时间必须在将来',
    'presale-not-found': '没有找到这个预售',
    'presale-closed': '这个预售已经截止',
    'presale-sold-out': (params) =>
      num(params.remainingUnits) ? `预售名额不足，只剩 ${num(params.remainingUnits)} 份` : '预售名额已满',
    'presale-already-harvested': '这个预售已经登记过采收',
    'presale-deposit-not-below-price': '定金必须低于每件的预售价',
    'sale-needs-online-payment': '预售和拼团订单需要在线支付',
    'group-deal-not-found': '没有找到这个拼团活动',
    'buying-group-not-found': '没有找到这个团',
    'group-full': (params) => `这个团已满 ${num(params.groupSize) ?? ''} 人，请开一个新团`,
    'group-closed': '这个团已经结束，请开一个新团',
  },
  en: {
    'bad-request': 'Please check what you entered',
    unauthorized: 'Please log in',
    forbidden: 'Not allowed',
    'not-found': 'Not found',
    'method-not-allowed': 'This operation is not supported',
    conflict: 'Not possible in the current state',
    'request-timeout': 'The request timed out; try again',
    'payload-too-large': 'What you sent is too large',
    'uri-too-long': 'The address is too long',
    'unsupported-media-type': 'This format is not supported',
    'unprocessable-content': 'Cannot be done',
    locked: 'Locked',
    'too-many-requests': 'Too many attempts; try again shortly',
    'request-header-fields-too-large': 'The request headers are too large',
    'internal-server-error': 'Server error',
    'bad-gateway': 'Service unavailable; try again shortly',
    'service-unavailable': 'Service unavailable; try again shortly',
    'gateway-timeout': 'The service did not answer in time',
    'upstream-timeout': 'The service did not answer in time',
    'not-ready': 'The service is starting; try again shortly',
    'web-app-not-built': 'The web app is not built',
    'internal-error': 'Something went wrong on our side; quote the request id',
    'validation-failed': 'Please correct the marked fields',
    'malformed-json': 'The data sent is not valid',
    'malformed-request': 'The request is not valid',
    'bad-content-length': 'The request length is wrong',
    'body-too-large': 'What you sent is too large',
    'headers-too-large': 'The request headers are too large',
    'invalid-text': 'The text holds a character that cannot be stored (a NUL or a broken emoji); remove it and retry',
    'json-too-deep': 'The data sent is nested too deeply',
    'invalid-value': 'A value is not of the expected form',
    'already-exists': 'That already exists',
    'reference-missing': 'Something it refers to does not exist',
    'invalid-county-code': 'A county code has 6 digits',
    'invalid-period': 'The date is outside the range that can be shown',
    unauthenticated: 'Please log in',
    'invalid-token': 'Your session is no longer valid; log in again',
    'token-revoked': 'You have logged out; log in again',
    'auth-unavailable': 'Your session cannot be checked right now; try again shortly',
    'bad-credentials': 'The mobile number or password is wrong',
    'invalid-refresh-token': 'Your session has ended; log in again',
    'rate-limited': (params) => `Too many attempts; try again in ${minutes(params)} min`,
    'rate-limit-unavailable': 'Cannot do this right now; try again shortly',
    'phone-taken': 'This mobile number is registered already; log in instead',
    'sms-code-wrong': (params) => `The code is wrong; ${num(params.attemptsLeft) ?? 1} tries left`,
    'sms-code-expired': 'The code is no longer valid; ask for a new one',
    'sms-code-exhausted': 'Too many wrong codes; ask for a new one',
    'sms-send-failed': 'The SMS could not be sent; try again shortly',
    'user-not-found': 'The account does not exist',
    'organisation-not-found': 'Organisation not found',
    'membership-not-found': 'This person is not a member of the organisation',
    'already-member': 'This person is a member already',
    'last-owner': 'An organisation keeps at least one owner; add another owner first',
    'role-not-allowed': 'This kind of organisation cannot give that role',
    'missing-role': 'Your account may not do this',
    'region-mismatch': 'The village is not in this county',
    'credit-code-required': 'Enter the unified social credit code',
    'invalid-credit-code': 'The unified social credit code is not valid; check the business licence',
    'credit-code-taken': 'An organisation with this credit code is registered already',
    'not-verifiable': 'This kind of organisation is not verified',
    'not-platform-admin': 'Only platform admins may use the admin pages',
    'not-county-staff': 'Only county staff may do this',
    'category-not-found': 'Category not found',
    'unknown-category': 'Choose a valid category',
    'listing-not-found': 'Listing not found',
    'listing-removed': 'The listing was removed; it can no longer be changed',
    'listing-has-no-skus': 'Add at least one SKU (spec, price, weight) before publishing',
    'listing-not-in-county': 'Some listings are not of this county',
    'illegal-transition': 'The listing cannot do that in its current state',
    'not-a-member': 'Only owners and staff of the shop can change this listing',
    'seller-not-found': 'Seller not found (perhaps not verified yet)',
    'seller-not-verified': 'The shop is not verified by the county yet; it can list once verified',
    'sku-not-found': 'SKU not found',
    'stock-below-zero': (params) =>
      num(params.available) === undefined
        ? 'Stock cannot go below zero'
        : `Only ${num(params.available)} left; stock cannot go below zero`,
    'received-must-be-positive': 'A delivery adds units; choose an adjustment to take units away',
    'temperature-bounds-not-allowed': 'Give the lowest and highest temperature only for a custom range',
    'temperature-bounds-required': 'A custom range needs both the lowest and the highest temperature',
    'temperature-range-invalid': 'The lowest temperature is above the highest',
    'village-not-in-county': 'The village of origin is not in this county',
    'lot-needs-produce': 'Lots and certificates are for produce',
    'harvest-range-invalid': 'The harvest ends before it starts',
    'issue-date-in-future': 'The issue date is in the future',
    'harvest-after-issue': 'The harvest cannot end after the certificate is issued',
    'pledge-incomplete': (params) =>
      `A certificate needs the whole pledge; missing: ${listed(PLEDGE_EN, ', ')(params)}`,
    'origin-required': 'Choose the village of origin',
    'trace-code-not-found': 'No lot has this trace code',
    'invalid-place-code': 'A division code has 2, 4, 6, 9 or 12 digits',
    'place-not-found': 'No such place',
    'address-book-full': (params) =>
      `An address book keeps at most ${num(params.limit) ?? 20} addresses: delete one first`,
    'address-not-found': 'No such address in your address book',
    'address-place-unknown': 'The chosen place is not in the division dataset',
    'storefront-exists': 'This county has a storefront already',
    'storefront-not-found': 'This county has no storefront yet',
    'synonym-invalid': 'A synonym is one word with at least one other word for it',
    'synonym-not-found': 'Synonym not found',
    'price-range-invalid': 'The lowest price is above the highest',
    'invalid-cursor': 'The page marker has expired; search again',
    'order-not-found': 'Order not found',
    'order-group-not-found': 'Order not found',
    'duplicate-line': 'Each SKU goes in one line; add the quantities together',
    'unavailable-skus': 'Some items are sold out or no longer listed; change your basket',
    'destination-mismatch': 'The delivery choice does not match what was entered',
    'cash-needs-service-point': 'Cash is only possible when collecting at a service point',
    'unknown-service-point': 'Choose a valid service point',
    'service-point-suspended': 'This service point takes no parcels now; choose another',
    'service-point-out-of-county':
      "This service point is not in the seller's county; choose another or deliver to an address",
    'invalid-idempotency-key': 'The submission key is not valid; reload and retry',
    'idempotency-key-reused': 'The order changed; reload and submit again',
    'nothing-to-pay': 'No order awaits payment',
    'cash-on-collection': 'This order is paid in cash at the service point',
    'not-cash-on-collection': 'This order was paid online',
    'cash-amount-mismatch': 'The amount does not match the order',
    'cash-already-received': 'The cash for this order was recorded already',
    'not-collectable': 'This order cannot take cash now',
    'not-the-service-point': 'Only the collecting service point confirms cash',
    'unknown-payment': 'Payment not found',
    'simulator-disabled': 'The payment simulator is not enabled here',
    'malformed-webhook': 'The payment notification is not valid',
    'missing-signature': 'The payment notification is not signed',
    'invalid-signature': 'The payment notification signature is wrong',
    'stale-webhook': 'The payment notification is too old',
    'unsigned-webhook': 'The notification is not signed',
    'bad-signature': 'The notification signature is wrong',
    'not-delivered': 'A claim is made after delivery',
    'claim-window-closed': 'The time for claims has passed',
    'claim-exists': 'This order has a claim already; follow that one',
    'claim-not-found': 'Claim not found',
    'illegal-claim-transition': 'The claim cannot do that in its current state',
    'claim-resolved': 'This claim is resolved; it takes no more photos',
    'claim-photos-full': (params) => `A claim takes at most ${num(params.max) ?? 9} photos`,
    'not-the-seller': 'Only the seller answers this claim',
    'not-the-buyer': 'Only the buyer can do this',
    'remedy-required': 'Choose a remedy',
    'amount-required': 'A partial refund needs its amount',
    'amount-not-allowed': 'This remedy takes no amount',
    'no-online-payment': 'This order was not paid online; cash is refunded at the service point',
    'refund-exceeds-payment': 'The refund is more than can still be refunded',
    'not-completed': 'An order is reviewed once completed',
    'already-reviewed': 'This order has been reviewed already',
    'node-not-found': 'Node not found',
    'node-exists': 'A node with this code exists already',
    'parent-not-found': 'The parent node was not found',
    'node-placement': 'The level or code does not fit under this parent',
    'no-cold-storage': 'Cold capacity needs cold storage',
    'shelves-required': 'A village point needs at least 1 shelf with 1 layer',
    'shelves-occupied': 'Parcels still wait on those shelves; hand them out first',
    'shelves-full': 'The shelves are full; hand parcels out or add shelves',
    'vehicle-exists': 'A vehicle with this plate is registered already',
    'vehicle-not-found': 'Vehicle not found',
    'route-not-found': 'Route not found',
    'node-not-servable': "A route serves the county's towns and villages only",
    'not-a-bus': 'A scheduled bus route needs a bus',
    'timetable-required': 'A scheduled bus route needs its timetable',
    'timetable-node': 'The timetable has a stop that is not on the route',
    'timetable-order': 'Departures must be in time order',
    'not-network-reader': "You may not see this county's network",
    'not-node-operator': 'You do not operate this node',
    'scope-required': 'Name a parcel or a county',
    'no-hub': 'This county has no hub yet',
    'planning-in-progress': 'Planning is running; try again shortly',
    'run-not-found': 'Run not found',
    'not-waiting': 'This parcel is not waiting for a run',
    'already-on-run': 'This parcel is on this run already',
    'on-dispatched-run': "This parcel's run has left",
    'vehicle-not-refrigerated': 'This parcel needs cold chain; the vehicle is not refrigerated',
    'not-on-run': 'This parcel is not on this run',
    'not-a-reordering': "Give the run's current stops in the new order",
    'not-a-stop': 'This run does not stop here',
    'over-capacity': "Over the vehicle's weight or volume",
    'shipment-not-found': 'Parcel not found',
    'parcel-not-found': 'Parcel not found',
    'not-your-shipment': 'You may not see this parcel',
    'not-custodian': 'Only the node holding the parcel or county staff record its temperature',
    'not-in-network': 'This parcel is not in the network',
    'already-in-network': 'This parcel is in the network already',
    unroutable: 'No route reaches this place',
    'not-produce': 'Goods going down enter the network at the hub',
    'not-on-route': 'This parcel was not handed in here',
    'not-a-village-point': 'This node is not a village point',
    'weight-out-of-tolerance': 'The weight differs too much from the order',
    'out-of-sequence': "Out of sequence; scan along the parcel's route",
    'duplicate-scan': 'Just scanned; the same scan twice is refused',
    'shipment-closed': 'This parcel is closed; it takes no more scans',
    'vehicle-required': 'A departure names its vehicle or run',
    'vehicle-not-applicable': 'Only a departure names a vehicle or run',
    'temperature-required': 'Cold-chain parcels record the temperature at every hand-over',
    'temperature-not-applicable': 'Ambient parcels take no temperature readings',
    'cold-storage-full': 'The cold storage is full',
    'pickup-code-mismatch': 'The pickup code and phone do not match; check and retry',
    'pickup-code-used': 'This pickup code was used already',
    'pickup-locked': (params) => `Too many wrong pickup codes; try again in ${minutes(params)} min`,
    'pickup-guard-unavailable': 'Pickup codes cannot be checked right now; try again shortly',
    'pickup-codes-exhausted': 'No free pickup number; hand some parcels out first',
    'not-the-hub': 'Parcels go to the express carrier at the county hub',
    'not-available': 'The simulated carrier is not enabled here',
    'waybill-not-found': 'Waybill not found',
    'waybill-required': "Scan or type the number on the carrier's waybill",
    'carrier-unavailable': 'The carrier did not take the parcel; it stays at the hub, try again shortly',
    'kuaidi100-not-configured': 'Kuaidi100 is not the carrier here',
    'malformed-carrier-push': 'The tracking push is not valid',
    'dead-letter-not-found': 'Dead letter not found',
    'already-replayed': 'This dead letter was replayed already',
    'queue-unavailable': 'The queue is unavailable; try again shortly',
    // the middle mile, money and payment providers
    'already-resolved': 'This exception has already been resolved',
    'best-before-before-harvest': 'The best-before date cannot be before the harvest',
    'cutoff-in-future': 'The settlement cut-off cannot be later than today',
    'exception-not-found': 'No such exception',
    'handover-already-confirmed': 'This cash hand-over has already been confirmed',
    'handover-not-found': 'No such cash hand-over',
    'history-illegal-path': 'An imported order must step from placed to completed along the order life cycle',
    'history-not-past': 'Imported history must be in order of time and all in the past',
    'history-payment-missing': "An imported order lacks its payment: the provider's ids, or who took the cash",
    'history-unknown-node': "An imported parcel names a node that is not in its county's network",
    'history-unknown-sku': "An imported sale names a SKU that is not one of its order's seller's",
    'import-conflict':
      "An imported account's phone or organisation's credit code belongs to another; nothing was imported",
    'import-platform': 'The platform organisation is opened by identity itself and cannot be imported',
    'import-unknown-account': 'An imported organisation names a member without an account; import the accounts first',
    'idempotency-in-progress': 'The same request is still being handled; look again shortly',
    'invalid-date': 'The date must be written as YYYY-MM-DD',
    'lot-expired': 'This lot is past its best-before date and cannot be sent',
    'lot-insufficient': 'This lot has too little left for this parcel',
    'lot-not-sellers': "This lot is not the order's seller's",
    'lot-unknown': "No such lot: scan the trace code on the lot's certificate",
    'more-than-cash-held': 'More than the cash the point holds',
    'no-payee-account': 'No payee account yet: it cannot be paid out',
    'not-a-cold-run': 'This run carries nothing cold; no reading is needed',
    'not-a-driver': "You are not this vehicle's driver",
    'nothing-paid': 'Nothing was paid for this order; there is nothing to refund',
    'payer-openid-required': 'Paying inside WeChat needs your WeChat identity: open the page in WeChat',
    'payment-provider-unavailable': 'The payment provider did not answer; try again shortly',
    'payout-not-failed': 'Only a failed payout can be retried',
    'provider-not-configured': 'This way of paying is not set up',
    'receipt-already-confirmed': 'Receipt of this order has already been confirmed',
    'refund-not-awaiting-cash': 'This refund is not one to pay in cash',
    'refund-not-found': 'No such refund',
    'statement-not-found': 'No such statement',
    'undecryptable-resource': 'The payment notification could not be decrypted',
    'unexpected-event': 'The payment notification is of an unexpected kind',
    'unknown-refund': 'The provider notified a refund that does not exist',
    'unknown-signing-key': "The notification's signing certificate is unknown",
    'unsupported-payment-channel': 'This way of paying is not offered here',
    'wrong-merchant': 'The payment notification is for another merchant',
    'wrong-run': 'This parcel is not on this run',
    'wrong-stop': 'This parcel is not for this stop',
    'photo-missing': 'Choose a photo',
    'photo-too-large': (params) =>
      `The photo is too large; at most ${Math.round((num(params.limitBytes) ?? 12_582_912) / 1_048_576)} MB`,
    'photo-type-unsupported': 'Only JPEG, PNG or WebP photos can be uploaded',
    'photo-unreadable': 'The photo is damaged and cannot be read; take it again',
    'photo-dimensions-too-small': (params) =>
      `The photo is too small; its shorter side needs at least ${num(params.minSide) ?? 200} pixels`,
    'photo-dimensions-too-large': (params) =>
      `The photo is too large; its longer side may have at most ${num(params.maxSide) ?? 12000} pixels`,
    'multipart-required': 'Upload the photo as a file',
    'multipart-malformed': 'The upload could not be read; try again',
    'media-link-invalid': 'The link to the photo is invalid or was changed',
    'media-link-expired': 'The link to the photo has expired; reload the page',
    'listing-photos-full': (params) => `A listing has at most ${num(params.limit) ?? 9} photos; remove some first`,
    'lot-photos-full': (params) => `A lot has at most ${num(params.limit) ?? 6} photos`,
    'lot-not-found': 'No such lot',
    // coupons and campaigns
    'campaign-dates': 'A campaign ends after it starts',
    'campaign-listing-not-in-county': 'Some listings are not sold in this county',
    'campaign-not-found': 'No such campaign',
    'campaign-budget-exhausted': "The campaign's budget is spent; pick another coupon",
    'coupon-campaign-county-only': "A shop's coupon belongs to no campaign",
    'coupon-amount-not-below-threshold': 'The amount off must be less than the threshold',
    'coupon-dates': 'A coupon must end after it starts',
    'coupon-outside-campaign': "A campaign's coupon is valid within the campaign's dates",
    'coupon-not-found': 'No such coupon',
    'coupon-not-valid-now': 'This coupon cannot be claimed now',
    'coupon-sold-out': 'Every one of these coupons has been claimed',
    'coupon-claim-limit': (params) => `One buyer may claim ${num(params.perBuyerLimit) ?? 1} of these; you have`,
    'coupon-claim-not-found': 'You have no such coupon',
    'coupon-not-usable': (params) =>
      params.state === 'used'
        ? 'This coupon has been used'
        : params.state === 'expired'
          ? 'This coupon has expired'
          : 'This coupon cannot be used yet',
    'coupon-stacking': 'One platform or county coupon per checkout, and one shop coupon per shop',
    'coupon-stopped': 'This coupon was stopped: it can no longer be claimed or changed',
    'campaign-stopped': 'This campaign was stopped: it can no longer be changed',
    'coupon-terms-claimed': (params) =>
      `${num(params.issuedCount) ?? 0} already claimed: the threshold, amount, dates and per-buyer limit stay as they are`,
    'coupon-limit-below-issued': (params) =>
      `${num(params.issuedCount) ?? 0} were claimed already; the total cannot be fewer`,
    'campaign-budget-below-spent': (params) =>
      `The campaign spent ¥${((num(params.spentFen) ?? 0) / 100).toFixed(2)} already; the budget cannot be less`,
    'coupon-threshold-not-met': (params) =>
      `¥${(((num(params.thresholdFen) ?? 0) - (num(params.eligibleFen) ?? 0)) / 100).toFixed(2)} more of eligible goods to use this coupon`,
    'county-required': 'Choose a county: only platform admins see every county at once',
    'tag-not-found': 'No such tag',
    'tag-already-applied': (params) =>
      `This listing already has a ${TAG_EN[String(params.kind)] ?? ''} tag or an application under review`,
    'tag-expiry-required': (params) => `A ${TAG_EN[String(params.kind)] ?? ''} certificate has an end date; give it`,
    'tag-certificate-expired': (params) =>
      `The certificate expired on ${typeof params.expiresOn === 'string' ? params.expiresOn : ''}`,
    'tag-photo-missing': 'No photo of the certificate yet; it cannot be verified',
    'application-not-found': 'No such application',
    'application-illegal-transition': 'The application cannot do that in its current state',
    'application-licence-missing': 'Add a photo of the business licence first',
    'application-permit-missing': (params) =>
      `Permits still missing: ${(Array.isArray(params.missing) ? params.missing : []).map((kind) => PERMIT_EN[String(kind)] ?? '').join(', ')}`,
    'unknown-sku': 'No such SKU',
    'invalid-shipping-window': 'The shipping window ends before it starts',
    'presale-closes-in-past': 'A pre-sale must close in the future',
    'presale-not-found': 'No such pre-sale',
    'presale-closed': 'This pre-sale takes no more orders',
    'presale-sold-out': (params) =>
      num(params.remainingUnits)
        ? `Only ${num(params.remainingUnits)} unit(s) of the pre-sale are left`
        : 'The pre-sale is sold out',
    'presale-already-harvested': 'The harvest of this pre-sale is recorded already',
    'presale-deposit-not-below-price': 'The deposit must be less than the price per unit',
    'sale-needs-online-payment': 'Pre-sale and group orders are paid online',
    'group-deal-not-found': 'No such group deal',
    'buying-group-not-found': 'No such group',
    'group-full': (params) => `This group has all its ${num(params.groupSize) ?? ''} members; start a new one`,
    'group-closed': 'This group has ended; start a new one',
  },
};

/** A field error as the API sends it (`rule` and `limit` are missing only in answers of older servers). */
export interface FieldProblem {
  field: string;
  rule?: string;
  limit?: unknown;
  message: string;
}

type RuleText = string | ((limit: unknown) => string);

/** A limit as text: numbers and words as they are, anything else (which no rule sends) as nothing. */
const shown = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
const pair = (limit: unknown): [unknown, unknown] => (Array.isArray(limit) ? [limit[0], limit[1]] : [limit, undefined]);
const choices = (limit: unknown): string => (Array.isArray(limit) ? limit.map(shown).join(', ') : shown(limit));

/** What a @Matches pattern asks for, in one language's words. */
interface PatternWords {
  digits: (count: string) => string;
  digitRange: (min: string, max: string) => string;
  mobile: string;
  /** A mobile or a landline with its area code. */
  phone: string;
  date: string;
  other: string;
}

/** Patterns the DTOs use with @Matches, said in words (the pattern's source is the field error's limit). */
const pattern =
  (words: PatternWords) =>
  (limit: unknown): string => {
    const source = shown(limit);
    const digits = /^\^\\d\{(\d+)\}\$$/.exec(source);
    if (digits) {
      return words.digits(digits[1]);
    }
    const range = /^\^\\d\{(\d+),(\d+)\}\$$/.exec(source);
    if (range) {
      return words.digitRange(range[1], range[2]);
    }
    if (source.includes('1[3-9]')) {
      return source.includes('0\\d{2,3}') ? words.phone : words.mobile;
    }
    return source.includes('\\d{4}-\\d{2}-\\d{2}') ? words.date : words.other;
  };

const patternZh = pattern({
  digits: (count) => `应为 ${count} 位数字`,
  digitRange: (min, max) => `应为 ${min}–${max} 位数字`,
  mobile: '请填写正确的手机号',
  phone: '请填写正确的电话号码（手机或带区号的座机）',
  date: '请填写日期（年-月-日）',
  other: '格式不正确',
});

const patternEn = pattern({
  digits: (count) => `must be ${count} digits`,
  digitRange: (min, max) => `must be ${min}–${max} digits`,
  mobile: 'enter a valid mobile number',
  phone: 'enter a valid phone number (mobile, or landline with its area code)',
  date: 'enter a date (YYYY-MM-DD)',
  other: 'is not in the expected form',
});

/** class-validator's constraint names (and the kernel's own rules) in words, with their limits. */
export const RULE_TEXTS: Readonly<Record<'zh-CN' | 'en', Record<string, RuleText>>> = {
  'zh-CN': {
    isDefined: '必填',
    isNotEmpty: '必填',
    isString: '请填写文字',
    isInt: '请填写整数',
    isNumber: '请填写数字',
    isDecimal: (limit) => (typeof limit === 'number' ? `请填写数字，最多 ${limit} 位小数` : '请填写数字'),
    isBoolean: '请选择是或否',
    isArray: '应为一组内容',
    isObject: '格式不正确',
    isUuid: '请从列表中选择',
    isEnum: '请从列表中选择',
    isIn: '请从列表中选择',
    min: (limit) => `不能小于 ${shown(limit)}`,
    max: (limit) => `不能大于 ${shown(limit)}`,
    minLength: (limit) => (limit === 1 ? '必填' : `至少 ${shown(limit)} 个字`),
    maxLength: (limit) => `最多 ${shown(limit)} 个字`,
    isLength: (limit) => {
      const [min, max] = pair(limit);
      if (min === 1 && max !== undefined) {
        return `必填，最多 ${shown(max)} 个字`;
      }
      return max === undefined ? `至少 ${shown(min)} 个字` : `应为 ${shown(min)}–${shown(max)} 个字`;
    },
    arrayMinSize: (limit) => `至少 ${shown(limit)} 项`,
    arrayMaxSize: (limit) => `最多 ${shown(limit)} 项`,
    arrayUnique: '不能有重复项',
    arrayNotEmpty: '至少 1 项',
    matches: patternZh,
    isUrl: '请填写正确的网址',
    isIso8601: '请填写真实的日期',
    isDateString: '请填写真实的日期',
    isDate: '请填写真实的日期和时间',
    isIp: '请填写正确的 IP 地址',
    isLatitude: '纬度应在 -90 到 90 之间',
    isLongitude: '经度应在 -180 到 180 之间',
    isJwt: '登录凭证格式不正确',
    equals: (limit) => (limit === true ? '请勾选' : '取值不正确'),
    notEquals: '取值不正确',
    isPositive: '应大于 0',
    isMobilePhone: '请填写正确的手机号',
    whitelistValidation: '不应提交这一项',
    nestedValidation: '格式不正确',
    invalidText: '含有无法保存的字符，请删除后重试',
    maxDepth: '数据层级过深',
  },
  en: {
    isDefined: 'required',
    isNotEmpty: 'required',
    isString: 'enter text',
    isInt: 'enter a whole number',
    isNumber: 'enter a number',
    isDecimal: (limit) =>
      typeof limit === 'number' ? `enter a number with at most ${limit} decimals` : 'enter a number',
    isBoolean: 'choose yes or no',
    isArray: 'must be a list',
    isObject: 'is not in the expected form',
    isUuid: 'choose from the list',
    isEnum: 'choose from the list',
    isIn: (limit) => `choose one of: ${choices(limit)}`,
    min: (limit) => `must be at least ${shown(limit)}`,
    max: (limit) => `must be at most ${shown(limit)}`,
    minLength: (limit) => (limit === 1 ? 'required' : `at least ${shown(limit)} characters`),
    maxLength: (limit) => `at most ${shown(limit)} characters`,
    isLength: (limit) => {
      const [min, max] = pair(limit);
      if (min === 1 && max !== undefined) {
        return `required, at most ${shown(max)} characters`;
      }
      return max === undefined ? `at least ${shown(min)} characters` : `${shown(min)}–${shown(max)} characters`;
    },
    arrayMinSize: (limit) => `at least ${shown(limit)} items`,
    arrayMaxSize: (limit) => `at most ${shown(limit)} items`,
    arrayUnique: 'no repeated items',
    arrayNotEmpty: 'at least 1 item',
    matches: patternEn,
    isUrl: 'enter a valid web address',
    isIso8601: 'enter a real date',
    isDateString: 'enter a real date',
    isDate: 'enter a real date and time',
    isIp: 'enter a valid IP address',
    isLatitude: 'latitude is between -90 and 90',
    isLongitude: 'longitude is between -180 and 180',
    isJwt: 'the token is not valid',
    equals: (limit) => (limit === true ? 'tick this' : 'not an allowed value'),
    notEquals: 'not an allowed value',
    isPositive: 'must be more than 0',
    isMobilePhone: 'enter a valid mobile number',
    whitelistValidation: 'should not be sent',
    nestedValidation: 'is not in the expected form',
    invalidText: 'holds a character that cannot be stored; remove it',
    maxDepth: 'nested too deeply',
  },
};

const say = (text: ProblemText | RuleText | undefined, argument: unknown): string | undefined =>
  text === undefined ? undefined : typeof text === 'string' ? text : text(argument as ProblemParams);

/**
 * The words for a problem code in `locale` (prefixed with the parcel when the problem names one), or undefined when the app has none (the caller falls back). */
export function problemText(locale: 'zh-CN' | 'en', code: string, params: ProblemParams = {}): string | undefined {
  const text = say(PROBLEM_TEXTS[locale][code], params);
  // a refused scan names its parcel, so that the operator knows which of the pile it was
  if (text !== undefined && typeof params.parcelCode === 'string') {
    return locale === 'en' ? `Parcel ${params.parcelCode}: ${text}` : `包裹 ${params.parcelCode}：${text}`;
  }
  return text;
}

/**
 * A field error in `locale`: the words of its rule with its limit. A rule the app has no words for says "not in the
 * expected form" in the user's language rather than showing the server's English.
 */
export function fieldProblemText(locale: 'zh-CN' | 'en', error: FieldProblem): string {
  const text = error.rule ? say(RULE_TEXTS[locale][error.rule], error.limit) : undefined;
  if (text !== undefined) {
    return text;
  }
  return locale === 'en' ? error.message : '格式不正确';
}
