import { defineMessages } from '../../i18n';

export const labelMessages = defineMessages(
  {
    title: '打印面单',
    size: '纸张',
    thermal: '热敏 100×100 毫米',
    a6: 'A6',
    print: '打印',
    barcode: (code: string) => `包裹码条形码 ${code}`,
    qr: (code: string) => `包裹码二维码 ${code}`,
    recipient: '收件人',
    run: '车次',
    noRun: '未排车',
    runOf: (plate: string, trip: number, date: string, stop: number | null) =>
      `${date} ${plate} 第 ${trip} 趟${stop ? ` · 第 ${stop} 站` : ''}`,
    from: '发件',
  },
  {
    title: 'Print label',
    size: 'Paper',
    thermal: 'Thermal 100×100 mm',
    a6: 'A6',
    print: 'Print',
    barcode: (code: string) => `Parcel code barcode ${code}`,
    qr: (code: string) => `Parcel code QR ${code}`,
    recipient: 'To',
    run: 'Run',
    noRun: 'No run yet',
    runOf: (plate: string, trip: number, date: string, stop: number | null) =>
      `${date} ${plate} trip ${trip}${stop ? ` · stop ${stop}` : ''}`,
    from: 'From',
  },
);
