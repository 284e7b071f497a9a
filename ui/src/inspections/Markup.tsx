// Photo markup before a photo is kept: a circle, an arrow or a short text
// drawn on the picture (at its stored size, about 1600 px), so whoever opens
// the rectification sees at once what is wrong. Drag on the photo to draw;
// with the keyboard, Enter on the photo puts the chosen mark in the middle.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './strings';

type Tool = 'circle' | 'arrow' | 'text';
type Mark =
  | { kind: 'circle'; x1: number; y1: number; x2: number; y2: number }
  | { kind: 'arrow'; x1: number; y1: number; x2: number; y2: number }
  | { kind: 'text'; x: number; y: number; text: string };

const RED = '#e11900';
export const TEXT_MAX = 20;

function draw(g: CanvasRenderingContext2D, img: ImageBitmap, marks: Mark[]) {
  const w = img.width;
  g.drawImage(img, 0, 0);
  const line = Math.max(3, Math.round(w / 160));
  g.lineWidth = line;
  g.strokeStyle = RED;
  g.fillStyle = RED;
  g.lineCap = 'round';
  g.lineJoin = 'round';
  for (const m of marks) {
    if (m.kind === 'circle') {
      g.beginPath();
      g.ellipse((m.x1 + m.x2) / 2, (m.y1 + m.y2) / 2, Math.max(line, Math.abs(m.x2 - m.x1) / 2), Math.max(line, Math.abs(m.y2 - m.y1) / 2), 0, 0, 2 * Math.PI);
      g.stroke();
    } else if (m.kind === 'arrow') {
      const a = Math.atan2(m.y2 - m.y1, m.x2 - m.x1);
      const head = line * 5;
      g.beginPath();
      g.moveTo(m.x1, m.y1);
      g.lineTo(m.x2, m.y2);
      g.stroke();
      g.beginPath();
      g.moveTo(m.x2, m.y2);
      g.lineTo(m.x2 - head * Math.cos(a - 0.45), m.y2 - head * Math.sin(a - 0.45));
      g.lineTo(m.x2 - head * Math.cos(a + 0.45), m.y2 - head * Math.sin(a + 0.45));
      g.closePath();
      g.fill();
    } else {
      const size = Math.round(w / 18);
      g.font = `bold ${size}px system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif`;
      g.textBaseline = 'middle';
      g.lineWidth = Math.max(2, size / 8);
      g.strokeStyle = '#fff';
      g.strokeText(m.text, m.x, m.y);
      g.fillText(m.text, m.x, m.y);
      g.strokeStyle = RED;
      g.lineWidth = line;
    }
  }
}

/** Draws marks on a photo; onDone gets the marked-up JPEG (or the photo as it was). */
export function Markup({ photo, onDone, onCancel }: { photo: Blob; onDone: (b: Blob) => void; onCancel: () => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const [img, setImg] = useState<ImageBitmap | null>(null);
  const [tool, setTool] = useState<Tool>('circle');
  const [marks, setMarks] = useState<Mark[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const [live, setLive] = useState<Mark | null>(null);

  useEffect(() => {
    let bmp: ImageBitmap | null = null;
    void createImageBitmap(photo).then((b) => {
      bmp = b;
      setImg(b);
    });
    first.current?.focus();
    return () => bmp?.close();
  }, [photo]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !img) return;
    c.width = img.width;
    c.height = img.height;
    draw(c.getContext('2d')!, img, live ? [...marks, live] : marks);
  }, [img, marks, live]);

  const at = (e: PointerEvent) => {
    const r = canvas.current!.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * img!.width, y: ((e.clientY - r.top) / r.height) * img!.height };
  };
  const shape = (x1: number, y1: number, x2: number, y2: number): Mark | null => {
    if (tool === 'text') return text.trim() ? { kind: 'text', x: x2, y: y2, text: text.trim() } : null;
    return { kind: tool, x1, y1, x2, y2 };
  };
  const down = (e: PointerEvent) => {
    if (!img) return;
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    drag.current = at(e);
  };
  const move = (e: PointerEvent) => {
    if (!drag.current || tool === 'text') return;
    const p = at(e);
    setLive(shape(drag.current.x, drag.current.y, p.x, p.y));
  };
  const up = (e: PointerEvent) => {
    if (!drag.current) return;
    const s = drag.current;
    const p = at(e);
    drag.current = null;
    setLive(null);
    // a tap makes a mark of a sensible size around the point
    const tiny = Math.hypot(p.x - s.x, p.y - s.y) < img!.width / 40;
    const r = img!.width / 10;
    const m = tiny && tool !== 'text'
      ? (tool === 'circle' ? shape(s.x - r, s.y - r, s.x + r, s.y + r) : shape(s.x - 2 * r, s.y + 2 * r, s.x, s.y))
      : shape(s.x, s.y, p.x, p.y);
    if (m) setMarks([...marks, m]);
  };
  const key = (e: KeyboardEvent) => {
    if (!img || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    const cx = img.width / 2;
    const cy = img.height / 2;
    const r = img.width / 6;
    const m = tool === 'circle' ? shape(cx - r, cy - r, cx + r, cy + r) : tool === 'arrow' ? shape(cx - 2 * r, cy + r, cx, cy) : shape(cx, cy, cx - r, cy);
    if (m) setMarks([...marks, m]);
  };
  const save = async () => {
    if (!img) return;
    setBusy(true);
    if (!marks.length) return onDone(photo);
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    draw(c.getContext('2d')!, img, marks);
    const out = await new Promise<Blob | null>((res) => c.toBlob(res, 'image/jpeg', 0.85));
    onDone(out ?? photo);
  };

  const tools: [Tool, string][] = [['circle', t('mkCircle')], ['arrow', t('mkArrow')], ['text', t('mkText')]];
  return (
    <div class="modal markup" role="dialog" aria-modal="true" aria-labelledby="markup-title">
      <div class="card markup-card">
        <h2 id="markup-title">{t('mkTitle')}</h2>
        <div class="seg" role="group" aria-label={t('mkTools')}>
          {tools.map(([k, name], i) => (
            <button key={k} ref={i === 0 ? first : undefined} type="button" class={'seg-btn' + (tool === k ? ' on' : '')} aria-pressed={tool === k} onClick={() => setTool(k)} data-tool={k}>{name}</button>
          ))}
        </div>
        {tool === 'text' && (
          <label>{t('mkTextLabel')}
            <input value={text} maxLength={TEXT_MAX} onInput={(e) => setText(e.currentTarget.value)} name="markup-text" />
          </label>
        )}
        <canvas
          ref={canvas} class="markup-canvas" tabIndex={0} role="img" aria-label={t('mkCanvas', { n: marks.length })}
          onPointerDown={down} onPointerMove={move} onPointerUp={up} onKeyDown={key} data-testid="markup-canvas"
        />
        <p class="muted">{t('mkHelp')}</p>
        <div class="form-actions">
          <button type="button" onClick={() => setMarks(marks.slice(0, -1))} disabled={!marks.length}>{t('mkUndo')}</button>
          <button type="button" onClick={onCancel}>{t('cancel')}</button>
          <button type="button" class="primary" onClick={save} disabled={!img || busy} data-testid="markup-save">{marks.length ? t('mkSave') : t('mkSavePlain')}</button>
        </div>
      </div>
    </div>
  );
}
