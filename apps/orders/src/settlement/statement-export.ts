import { StatementDetailResponseDto } from './settlement.dto';

const ITEM_NAMES: Record<string, string> = {
  goods: '货款 goods',
  freight: '运费 freight',
  refund: '退款 refund',
  point_commission: '服务站佣金 service point commission',
  platform_commission: '平台佣金 platform commission',
  seller_discount: '店铺券优惠 shop coupon discount',
};

const yuan = (fen: number): string => (fen / 100).toFixed(2);

/** The statement's summary and lines as rows (Chinese first, then English), amounts in yuan to the fen. */
function rows(statement: StatementDetailResponseDto): string[][] {
  const party = statement.partyKind === 'seller' ? '卖家 seller' : '服务站 service point';
  return [
    ['对账单 Statement', statement.id],
    ['对象 Party', `${party} ${statement.partyId}`],
    ['县 County', statement.countyCode],
    ['期间 Period', `${statement.periodFrom ?? '—'} – ${statement.periodTo}`],
    ['订单数 Orders', String(statement.orders)],
    ['货款 Sold (¥)', yuan(statement.soldFen)],
    ['运费 Freight (¥)', yuan(statement.freightFen)],
    ['退款 Refunds (¥)', yuan(statement.refundsFen)],
    ['店铺券优惠（卖家承担）Shop coupons, seller-funded (¥)', yuan(statement.sellerDiscountFen)],
    ['平台券补贴（平台承担，含在货款中）Platform coupons, platform-funded (¥)', yuan(statement.platformDiscountFen)],
    ['县券补贴（县里承担，含在货款中）County coupons, county-funded (¥)', yuan(statement.countyDiscountFen)],
    ['扣除佣金 Commission withheld (¥)', yuan(statement.commissionWithheldFen)],
    ['所得佣金 Commission earned (¥)', yuan(statement.commissionEarnedFen)],
    ['应付净额 Net (¥)', yuan(statement.netFen)],
    ['打款 Payout', statement.payoutState],
    [],
    ['时间 Posted at', '订单 Order', '类型 Kind', '项目 Item', '金额 Amount (¥)'],
    ...statement.lines.map((line) => [
      line.postedAt,
      line.orderId ?? '',
      line.entryKind,
      ITEM_NAMES[line.item] ?? line.item,
      yuan(line.amountFen),
    ]),
  ];
}

const csvCell = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** RFC 4180 CSV with a UTF-8 byte order mark, so spreadsheet programs read the Chinese right. */
export function statementCsv(statement: StatementDetailResponseDto): Buffer {
  const text = rows(statement)
    .map((row) => row.map(csvCell).join(','))
    .join('\r\n');
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
}

export async function statementXlsx(statement: StatementDetailResponseDto): Promise<Buffer> {
  // loaded on the first export, not at boot: exceljs costs every orders process ~10 MB and boot time otherwise
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CountyFlow';
  const sheet = workbook.addWorksheet('对账单 Statement');
  for (const row of rows(statement)) {
    sheet.addRow(row.map((cell, index) => (index > 0 && /^-?\d+\.\d{2}$/.test(cell) ? Number(cell) : cell)));
  }
  sheet.getColumn(1).width = 34;
  sheet.getColumn(2).width = 40;
  sheet.getColumn(4).width = 36;
  sheet.getColumn(5).width = 16;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
