import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHotlineExport, type HotlineImportProgress } from '../../connectors/hotline-12345/file-import.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const HEADER = ['工单编号', '受理时间', '标题', '诉求内容', '来电人', '联系电话', '所属区县', '街道', '事发地址', '诉求分类'];
const row = (i: number, time = `2026-11-${String(1 + (i % 20)).padStart(2, '0')} 08:${String(i % 60).padStart(2, '0')}:00`) => [
  `FI${String(i).padStart(8, '0')}`, time, `路灯损坏${i}`, `市民反映幸福路${i % 50}号路灯不亮，夜间出行不便。`, '李四', `1371234${String(i % 10_000).padStart(4, '0')}`, 'A3区', '幸福街道', `幸福路${i % 50}号`, '城乡建设/市政设施',
];
const csvLine = (cells: string[]) => `${cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\n`;

async function writeCsv(path: string, rows: string[][]): Promise<void> {
  const out = createWriteStream(path);
  out.write(`\uFEFF${csvLine(HEADER)}`);
  for (const r of rows) if (!out.write(csvLine(r))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

/** Streams rows into an XLSX with a title row above the header; acceptTime as real date cells. */
async function writeXlsx(path: string, count: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
  workbook.addWorksheet('说明').addRow(['导出说明']).commit();
  const sheet = workbook.addWorksheet('工单');
  sheet.addRow(['12345 工单导出']).commit();
  sheet.addRow(HEADER).commit();
  for (let i = 0; i < count; i++) {
    const cells: unknown[] = row(i);
    cells[1] = new Date(Date.UTC(2026, 10, 1 + (i % 20), 9, i % 60, 0));
    const added = sheet.addRow(cells);
    added.getCell(2).numFmt = 'yyyy-mm-dd hh:mm:ss';
    added.commit();
  }
  sheet.commit();
  await workbook.commit();
}

describe('12345 export file import (CSV, XLSX; PostgreSQL)', () => {
  let t: TestApp;
  let dir: string;
  const records = (where: object) => t.ctx.prisma.rawRecord.count({ where: { source: 'hotline-12345', ...where } });

  beforeAll(async () => {
    t = await startTestApp('redis-postgres', { http: false, workers: false });
    dir = await mkdtemp(join(tmpdir(), 'lianxin-import-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('maps a CSV with the default mapping and quarantines rows that cannot be mapped, with row and reason', async () => {
    const path = join(dir, 'small.csv');
    const bad = [row(900001, '2026-02-30 10:00:00'), row(900002, '下周一'), [...row(900003).slice(0, 3), '', ...row(900003).slice(4)], ['', ...row(900004).slice(1)]];
    await writeCsv(path, [row(900000, '2026/11/5 9:03'), ...bad, row(900005)]);
    const summary = await importHotlineExport(t.ctx, path);
    expect(summary).toMatchObject({ rows: 6, stored: 6, quarantined: 4, missingColumns: ['社区', '诉求渠道'] });
    const good = await t.ctx.prisma.rawRecord.findFirstOrThrow({ where: { sourceRef: 'FI00900000' } });
    expect(good).toMatchObject({ state: 'RECEIVED', format: 'hotline-12345-v1', channel: 'hotline' });
    expect(JSON.parse(good.payload)).toMatchObject({ workOrderNo: 'FI00900000', acceptTime: '2026-11-05 09:03:00', callerName: '李四', district: 'A3区', category: '城乡建设/市政设施' });
    const reasons = (await t.ctx.prisma.rawRecord.findMany({ where: { source: 'hotline-12345', state: 'QUARANTINED' }, orderBy: { error: 'asc' } })).map((r) => r.error);
    expect(reasons).toEqual([
      expect.stringMatching(/^row 3: occurredAt: expected an existing/),
      expect.stringMatching(/^row 4: acceptTime: "下周一" does not match/),
      expect.stringMatching(/^row 5: content:/),
      expect.stringMatching(/^row 6: workOrderNo:/),
    ]);
  });

  it('refuses an export without a required column', async () => {
    const path = join(dir, 'nocontent.csv');
    await writeFile(path, '工单编号,受理时间\nX1,2026-11-01 10:00:00\n');
    await expect(importHotlineExport(t.ctx, path)).rejects.toThrow(/no column 诉求内容/);
  });

  it('streams 20,000 CSV rows and 20,000 XLSX rows (sheet by name, header on row 2) in batches', async () => {
    const csv = join(dir, 'big.csv');
    await writeCsv(csv, Array.from({ length: 20_000 }, (_, i) => row(i)));
    const progress: HotlineImportProgress[] = [];
    const fromCsv = await importHotlineExport(t.ctx, csv, { onProgress: (p) => progress.push(p) });
    expect(fromCsv).toMatchObject({ rows: 20_000, stored: 20_000, quarantined: 0 });
    expect(progress.length).toBeGreaterThanOrEqual(20);
    expect(progress.at(-1)).toMatchObject({ rows: 20_000, bytesRead: progress.at(-1)!.totalBytes });

    const xlsx = join(dir, 'big.xlsx');
    await writeXlsx(xlsx, 20_000);
    const mappingPath = join(dir, 'mapping.json');
    await writeFile(mappingPath, JSON.stringify({ workOrderNo: '工单编号', acceptTime: '受理时间', title: '标题', content: '诉求内容', callerPhone: '联系电话', district: '所属区县', sheet: '工单', headerRow: 2 }));
    const fromXlsx = await importHotlineExport(t.ctx, xlsx, { mappingPath });
    expect(fromXlsx).toMatchObject({ rows: 20_000, stored: 20_000, quarantined: 0, missingColumns: [] });
    const first = await t.ctx.prisma.rawRecord.findFirstOrThrow({ where: { sourceRef: 'FI00000061' }, orderBy: { receivedAt: 'desc' } });
    expect(JSON.parse(first.payload)).toMatchObject({ acceptTime: '2026-11-02 09:01:00', title: '路灯损坏61', district: 'A3区' });
    expect(JSON.parse(first.payload).callerName).toBeUndefined();
    expect(await records({ state: 'RECEIVED', sourceRef: { startsWith: 'FI000' } })).toBe(40_000);
  }, 120_000);

  it('reads acceptTime text with a custom dateFormat', async () => {
    const path = join(dir, 'custom.csv');
    await writeCsv(path, [row(910000, '05.11.2026 07:30')]);
    const mappingPath = join(dir, 'dmy.json');
    await writeFile(mappingPath, JSON.stringify({ workOrderNo: '工单编号', acceptTime: '受理时间', content: '诉求内容', dateFormat: 'DD.MM.YYYY HH:mm' }));
    expect(await importHotlineExport(t.ctx, path, { mappingPath })).toMatchObject({ rows: 1, quarantined: 0 });
    const stored = await t.ctx.prisma.rawRecord.findFirstOrThrow({ where: { sourceRef: 'FI00910000' } });
    expect(JSON.parse(stored.payload).acceptTime).toBe('2026-11-05 07:30:00');
  });
});
