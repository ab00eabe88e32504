import { useState } from 'react';
import { api, ApiError, type ProblemDetails } from '../../../api';
import { defineMessages, useMessages } from '../../../i18n';
import { isPlatformAdmin, useSession } from '../../../session';
import { Page, ProblemMessage, TextField } from '../../../ui';
import { useCounty } from '../CountyLayout';

const messages = defineMessages(
  {
    title: '数据导出',
    intro:
      '按所选期间导出本县电商统计：按日、品类、乡镇、卖家的交易额，农产品上行与工业品下行，站点包裹、首公里、冷链异常和售后。表格文件（XLSX）每张表一个工作表，表头为中文，可直接上报。',
    from: '开始日期',
    to: '结束日期',
    allCounties: '导出全部县区（平台管理员）',
    csv: '下载 CSV',
    excel: '下载表格 XLSX',
    downloading: '正在生成…',
    downloaded: (name: string) => `已下载：${name}`,
  },
  {
    title: 'Export',
    intro:
      "The county's e-commerce figures for a period: GMV by day, category, town and seller, produce up and goods down, parcels by node, first kilometre, cold-chain excursions and claims. One sheet per table in Excel, Chinese headers, ready to report.",
    from: 'From',
    to: 'To',
    allCounties: 'Every county (platform admins)',
    csv: 'Download CSV',
    excel: 'Download Excel',
    downloading: 'Preparing…',
    downloaded: (name: string) => `Downloaded: ${name}`,
  },
);

const chinaToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const monthStart = (date: string): string => `${date.slice(0, 8)}01`;

type BlobGet = (
  path: string,
  init: { params: { query: Record<string, string> }; parseAs: 'blob' },
) => Promise<{ data?: Blob; error?: unknown; response: Response }>;

/**
 * The statistics export: a period picker and two downloads. The file comes from the gateway's
 * `/api/statistics/export`, which composes orders' and logistics' figures (docs/web.md, "Statistics export"); the
 * bearer token goes with the call, so the browser saves what it answered.
 */
export function ExportPage() {
  const t = useMessages(messages);
  const { code } = useCounty();
  const { me } = useSession();
  const admin = isPlatformAdmin(me);
  const [from, setFrom] = useState(() => monthStart(chinaToday()));
  const [to, setTo] = useState(chinaToday);
  const [all, setAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const download = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const query: Record<string, string> = { from, to, format, ...(all && admin ? {} : { countyCode: code }) };
      const {
        data,
        error: problem,
        response,
      } = await (api.http.GET as unknown as BlobGet)('/api/statistics/export', { params: { query }, parseAs: 'blob' });
      if (problem || !data) {
        throw problem instanceof Error ? problem : new ApiError(problem as ProblemDetails);
      }
      const name =
        /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `statistics.${format}`;
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setNotice(t.downloaded(name));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t.title}>
      <p className="muted">{t.intro}</p>
      <form className="card" onSubmit={(event) => event.preventDefault()} noValidate data-testid="export-form">
        <div className="row">
          <TextField
            label={t.from}
            type="date"
            name="from"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <TextField label={t.to} type="date" name="to" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </div>
        {admin && (
          <label className="choice">
            <input type="checkbox" name="allCounties" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
            <span>{t.allCounties}</span>
          </label>
        )}
        <div className="row">
          <button type="button" className="button" disabled={busy} onClick={() => void download('xlsx')}>
            {busy ? t.downloading : t.excel}
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => void download('csv')}
          >
            {t.csv}
          </button>
        </div>
        {notice && <p className="notice">{notice}</p>}
        <ProblemMessage error={error} compact />
      </form>
    </Page>
  );
}
