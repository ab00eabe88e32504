/** One table of the export: a sheet in Excel, a titled section in the CSV. Chinese headers, as counties report. */
export interface ExportTable {
  title: string;
  headers: string[];
  /** Cells: text, or numbers (counts; yuan with two decimals where the header says 元). */
  rows: (string | number)[][];
}

const csvCell = (value: string | number): string => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * RFC 4180 CSV with a UTF-8 byte order mark (so spreadsheet programs read the Chinese): each table as a title row
 * (【…】), its header row and its rows, with an empty row between tables.
 */
export function tablesCsv(tables: ExportTable[]): Buffer {
  const lines: string[] = [];
  for (const table of tables) {
    lines.push(csvCell(`【${table.title}】`), table.headers.map(csvCell).join(','));
    lines.push(...table.rows.map((row) => row.map(csvCell).join(',')), '');
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** One sheet per table (named by its title), a bold frozen header row, yuan columns formatted to the fen. */
export async function tablesXlsx(tables: ExportTable[]): Promise<Buffer> {
  // loaded on the first export, not at boot, as in orders' statement export: exceljs is ~10 MB of an idle gateway
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CountyFlow';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.addRow(table.headers).font = { bold: true };
    for (const row of table.rows) {
      sheet.addRow(row);
    }
    table.headers.forEach((header, index) => {
      const column = sheet.getColumn(index + 1);
      column.width = Math.max(12, header.length * 2 + 2);
      if (header.includes('元')) {
        column.numFmt = '0.00';
      }
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
