// A survey point's poster: an A4 or A5 page with the mall's name, a short
// invitation, the QR code of the point's signed link and the point's name.
// It prints on its own page (print CSS; "Save as PDF" in the print dialog
// keeps a PDF) and downloads as a PNG drawn on a canvas.
import type { RecordModel } from 'pocketbase';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { user } from '../auth';
import { online } from '../store';
import { dayOf, errorText, getMall, getPoint, linkURL, mintLink, type Link, type Point } from './api';
import { drawQR, qrMatrix, qrPath } from './qr';
import { posterWords as pw, sp } from './strings';
import './surveypoints.css';

type Paper = 'A4' | 'A5';
const papers: Record<Paper, { w: number; h: number }> = { A4: { w: 210, h: 297 }, A5: { w: 148, h: 210 } }; // mm

/** The poster's words, in Chinese whatever the app's language (they face the mall's customers). */
function words(p: Point, mall: RecordModel, link: Link) {
  const merchant = p.kind === 'merchant';
  const tz = (mall.timezone as string) || 'Asia/Shanghai';
  return {
    mall: mall.name as string,
    invitation: merchant ? pw.invitationMerchant : pw.invitation,
    sub: merchant ? pw.invitationMerchantSub : pw.invitationSub,
    point: p.name,
    note: p.channel === 'kiosk' ? pw.kioskNote : '',
    expires: pw.posterExpires.replace('{d}', dayOf(link.expires, tz, true)),
  };
}

export function Poster({ id }: { id: string }) {
  const [point, setPoint] = useState<Point | null>(null);
  const [mall, setMall] = useState<RecordModel | null>(null);
  const [link, setLink] = useState<Link | null>(null);
  const [error, setError] = useState('');
  const [paper, setPaper] = useState<Paper>('A4');
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!online.value) return;
    let live = true;
    void (async () => {
      try {
        const p = await getPoint(id);
        const m = await getMall(p.mall);
        if (!live) return;
        setPoint(p);
        setMall(m);
        if (p.active) {
          const l = await mintLink(id);
          if (live) setLink(l);
        }
      } catch (err) {
        if (live) setError(errorText(err, sp('offline')));
      }
    })();
    return () => { live = false; };
  }, [id, online.value]);

  // while the poster is shown, printing prints the poster alone
  useEffect(() => {
    document.body.classList.add('poster-printing');
    return () => document.body.classList.remove('poster-printing');
  }, []);

  const url = link ? linkURL(link) : '';
  const matrix = useMemo(() => (url ? qrMatrix(url) : null), [url]);

  if (user.value?.role !== 'admin') return <p class="notice" role="alert">{sp('onlyAdmins')}</p>;
  return (
    <section class="poster-page" aria-labelledby="poster-title">
      <div class="poster-controls">
        <h1 id="poster-title">{point ? sp('posterTitle', { name: point.name }) : sp('poster')}</h1>
        {!online.value && <p class="warn" role="status">{sp('offline')}</p>}
        {error && <p class="error" role="alert">{sp('loadFailed', { msg: error })}</p>}
        {point && !point.active && <p class="warn" role="alert">{sp('inactiveNoPoster')}</p>}
        {point?.active && !link && !error && <p class="muted" role="status">{sp('minting')}</p>}
        {link && point && mall && (
          <>
            <fieldset>
              <legend>{sp('paper')}</legend>
              <div class="seg">
                {(Object.keys(papers) as Paper[]).map((p) => (
                  <label key={p} class={'seg-btn' + (paper === p ? ' on' : '')}>
                    <input type="radio" name="paper" value={p} checked={paper === p} onChange={() => setPaper(p)} />
                    {p}
                  </label>
                ))}
              </div>
            </fieldset>
            <div class="action-buttons">
              <button type="button" class="primary" onClick={() => window.print()} data-testid="print">{sp('print')}</button>
              <button type="button" onClick={() => void downloadPNG(words(point, mall, link), matrix!, paper)} data-testid="png">{sp('png')}</button>
              <button type="button" onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}>{sp('copy')}</button>
              {point.channel === 'kiosk' && <a class="button" href={url} target="_blank" rel="noopener" data-testid="open-kiosk">{sp('openKiosk')}</a>}
            </div>
            <p class="muted">{sp('printHint')}</p>
            {copied && <p role="status">{sp('copied')}</p>}
            <p class="poster-link">{sp('link')}: <a href={url} data-testid="point-link">{url}</a></p>
          </>
        )}
      </div>
      {link && point && mall && matrix && <Sheet paper={paper} w={words(point, mall, link)} matrix={matrix} />}
    </section>
  );
}

function Sheet({ paper, w, matrix }: { paper: Paper; w: ReturnType<typeof words>; matrix: boolean[][] }) {
  const { w: mmW, h: mmH } = papers[paper];
  const n = matrix.length;
  return (
    <>
      <style>{`@page { size: ${paper} portrait; margin: 0; } @media print { .poster-sheet { width: ${mmW}mm; height: ${mmH}mm; } }`}</style>
      <article class={'poster-sheet ' + paper.toLowerCase()} aria-label={sp('posterPreview')} lang="zh-CN" data-testid="poster-sheet">
        <p class="poster-mall">{w.mall}</p>
        <p class="poster-invite">{w.invitation}</p>
        <p class="poster-sub">{w.sub}</p>
        <svg class="poster-qr" viewBox={`0 0 ${n} ${n}`} role="img" aria-label={sp('qrLabel', { name: w.point })} shape-rendering="crispEdges" data-testid="poster-qr">
          <rect width={n} height={n} fill="#fff" />
          <path d={qrPath(matrix)} fill="#000" />
        </svg>
        <p class="poster-point">{w.point}</p>
        {w.note && <p class="poster-note">{w.note}</p>}
        <p class="poster-foot">{w.expires}</p>
      </article>
    </>
  );
}

// --- PNG ------------------------------------------------------------------------

const PNG_DPI = 150;
const FONT = 'system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

/** Draws the poster at 150 dpi and downloads it. */
export async function downloadPNG(w: ReturnType<typeof words>, matrix: boolean[][], paper: Paper) {
  const canvas = drawPoster(w, matrix, paper);
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  if (!blob) return;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `调查海报-${w.point}-${paper}.png`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function drawPoster(w: ReturnType<typeof words>, matrix: boolean[][], paper: Paper): HTMLCanvasElement {
  const px = (mm: number) => Math.round((mm / 25.4) * PNG_DPI);
  const { w: mmW, h: mmH } = papers[paper];
  const canvas = document.createElement('canvas');
  canvas.width = px(mmW);
  canvas.height = px(mmH);
  const ctx = canvas.getContext('2d')!;
  const W = canvas.width;
  const unit = W / 100; // the sheet's proportions: the same on A4 and A5
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, canvas.height);
  ctx.fillStyle = '#0b5cad';
  ctx.fillRect(0, 0, W, unit * 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  let y = unit * 9;
  const text = (s: string, size: number, weight: number, colour: string, gap: number) => {
    ctx.font = `${weight} ${Math.round(size * unit)}px ${FONT}`;
    ctx.fillStyle = colour;
    for (const line of wrap(ctx, s, W - unit * 16)) {
      ctx.fillText(line, W / 2, y);
      y += size * unit * 1.3;
    }
    y += gap * unit;
  };
  text(w.mall, 7, 700, '#1a1f29', 4);
  text(w.invitation, 9, 800, '#0b5cad', 1);
  text(w.sub, 4.5, 400, '#4f5866', 5);
  const size = Math.round(unit * 62);
  drawQR(ctx, matrix, Math.round((W - size) / 2), Math.round(y), size);
  y += size + unit * 4;
  text(w.point, 6.5, 700, '#1a1f29', 2);
  if (w.note) text(w.note, 3.6, 400, '#4f5866', 1);
  y = canvas.height - unit * 8;
  text(w.expires, 3.2, 400, '#4f5866', 0);
  return canvas;
}

/** Breaks a line of text (Chinese has no spaces: by characters) to fit width. */
function wrap(ctx: CanvasRenderingContext2D, s: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of s) {
    if (line && ctx.measureText(line + ch).width > width) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line) lines.push(line);
  return lines;
}
