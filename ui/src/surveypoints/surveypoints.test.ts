import { describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { ClientResponseError } from 'pocketbase';
import { dayOf, dayStart, errorText, linkURL, nextDay } from './api';
import { qrMatrix, qrPath } from './qr';

/** The matrix as the RGBA pixels of an image, scale px a module. */
function pixels(m: boolean[][], scale = 4) {
  const n = m.length * scale;
  const data = new Uint8ClampedArray(n * n * 4);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const v = m[Math.floor(y / scale)][Math.floor(x / scale)] ? 0 : 255;
      data.set([v, v, v, 255], (y * n + x) * 4);
    }
  }
  return { data, n };
}

describe('QR code of a point', () => {
  const token = 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImszZjhhMDE5YiJ9.eyJleHAiOjE4MjY1OTA0MDAsImlhdCI6MTc5NTA1NDQwMCwibWFsbCI6ImFiY2RlZmdoaWprbG1ubyIsInB0IjoicG9pbnQxMjM0NTY3ODkiLCJwdXIiOiJzdXJ2ZXkiLCJ0cGwiOiJ0ZW1wbGF0ZTEyMzQ1NjcifQ.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dQ';
  const url = linkURL({ token, path: '/s/' + token, expires: '' }, 'https://mall.example.com');

  it('decodes to the point’s link (read back with jsQR)', () => {
    const m = qrMatrix(url);
    const { data, n } = pixels(m);
    expect(jsQR(data, n, n)?.data).toBe(url);
  });

  it('keeps the quiet zone and draws each row’s runs as one rect', () => {
    const m = qrMatrix('https://a.example/s/x');
    for (let i = 0; i < 4; i++) expect(m[i].some(Boolean) || m.some((row) => row[i])).toBe(false);
    const path = qrPath(m);
    const rects = path.match(/M/g)!.length;
    const dark = m.flat().filter(Boolean).length;
    expect(rects).toBeLessThan(dark); // runs merged
    const covered = [...path.matchAll(/h(\d+)v1/g)].reduce((s, r) => s + Number(r[1]), 0);
    expect(covered).toBe(dark);
  });
});

describe('days of a mall', () => {
  it('a day starts at the mall’s midnight, stored as the instant', () => {
    expect(dayStart('2026-11-23', 'Asia/Shanghai')).toBe('2026-11-22 16:00:00.000Z');
    expect(dayStart('2026-07-01', 'America/New_York')).toBe('2026-07-01 04:00:00.000Z');
    expect(dayStart('2026-03-08', 'America/New_York')).toBe('2026-03-08 05:00:00.000Z'); // DST starts at 02:00
  });
  it('and reads back as the same day; the end is the day before the exclusive instant', () => {
    expect(dayOf('2026-11-22 16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-11-23');
    expect(dayOf(dayStart(nextDay('2026-12-31'), 'Asia/Shanghai'), 'Asia/Shanghai', true)).toBe('2026-12-31');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
    expect(dayOf('', 'Asia/Shanghai')).toBe('');
  });
});

describe('errors in words', () => {
  it('offline, the server’s field messages, or its message', () => {
    expect(errorText(new ClientResponseError({ status: 0 }), '离线')).toBe('离线');
    const fields = new ClientResponseError({
      status: 400, response: { message: 'bad', data: { template: { code: 'mallcare_wrong_kind', message: '问卷的类型与调查点不符' } } },
    });
    expect(errorText(fields, '离线')).toBe('问卷的类型与调查点不符');
    expect(errorText(new ClientResponseError({ status: 403, response: { message: '只有本商场的管理员' } }), '离线')).toBe('只有本商场的管理员');
  });
});
