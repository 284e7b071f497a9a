// Small SVG charts for the report page. The drawing is decoration for sighted
// readers (aria-hidden); every chart carries the same figures as a table that
// screen readers read (and that shows when the drawing cannot), so nothing is
// told by the picture alone.

export interface Point { label: string; value: number | null }

interface ChartProps {
  id: string;
  title: string;
  points: Point[];
  /** how a value is written in the labels and the table */
  format?: (v: number | null) => string;
  /** the table's column headings */
  columns: [string, string];
}

const W = 320;
const fmtDefault = (v: number | null) => (v === null ? '—' : String(v));
/** keeps an axis label near the sides inside the drawing */
const edge = (x: number) => (x < 18 ? 'start' : x > W - 18 ? 'end' : 'middle');

function DataTable({ title, points, format, columns }: Omit<ChartProps, 'id'>) {
  const f = format ?? fmtDefault;
  return (
    <table class="sr-only">
      <caption>{title}</caption>
      <thead><tr><th scope="col">{columns[0]}</th><th scope="col">{columns[1]}</th></tr></thead>
      <tbody>
        {points.map((p) => <tr key={p.label}><th scope="row">{p.label}</th><td>{f(p.value)}</td></tr>)}
      </tbody>
    </table>
  );
}

/** Vertical bars, one per point (complaints per day). */
export function BarChart(props: ChartProps) {
  const { id, title, points } = props;
  const f = props.format ?? fmtDefault;
  const H = 150, top = 16, bottom = 22;
  const max = Math.max(1, ...points.map((p) => p.value ?? 0));
  const slot = W / Math.max(1, points.length);
  const bw = Math.max(2, slot * 0.62);
  const every = Math.ceil(points.length / 8); // at most ~8 axis labels on a phone
  return (
    <figure class="chart" aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" aria-hidden="true" focusable="false" data-chart="bar">
        <line x1="0" x2={W} y1={H - bottom} y2={H - bottom} class="axis" />
        {points.map((p, i) => {
          const h = ((p.value ?? 0) / max) * (H - top - bottom);
          const x = i * slot + (slot - bw) / 2;
          return (
            <g key={p.label}>
              <rect x={x} y={H - bottom - h} width={bw} height={h} class="bar" />
              {points.length <= 16 && p.value ? <text x={x + bw / 2} y={H - bottom - h - 3} text-anchor="middle" class="val">{f(p.value)}</text> : null}
              {i % every === 0 && <text x={x + bw / 2} y={H - 6} text-anchor={edge(x + bw / 2)} class="lbl">{p.label}</text>}
            </g>
          );
        })}
      </svg>
      <DataTable {...props} />
    </figure>
  );
}

/** Horizontal bars with the label on the left (complaints by target). */
export function HBarChart(props: ChartProps) {
  const { id, title } = props;
  const points = props.points;
  const f = props.format ?? fmtDefault;
  const row = 26, left = 96, right = 34;
  const H = Math.max(row, points.length * row);
  const max = Math.max(1, ...points.map((p) => p.value ?? 0));
  return (
    <figure class="chart" aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" aria-hidden="true" focusable="false" data-chart="hbar">
        {points.map((p, i) => {
          const w = ((p.value ?? 0) / max) * (W - left - right);
          const y = i * row;
          return (
            <g key={p.label}>
              <text x={left - 6} y={y + row / 2 + 5} text-anchor="end" class="lbl">{p.label}</text>
              <rect x={left} y={y + 4} width={Math.max(w, 0)} height={row - 8} class="bar" />
              <text x={left + w + 4} y={y + row / 2 + 5} class="val">{f(p.value)}</text>
            </g>
          );
        })}
      </svg>
      <DataTable {...props} />
    </figure>
  );
}

/** A line over periods (the trend); a null value breaks the line and shows "—". */
export function LineChart(props: ChartProps & { max?: number }) {
  const { id, title, points } = props;
  const f = props.format ?? fmtDefault;
  const H = 150, top = 20, bottom = 22, pad = 28;
  const max = props.max ?? Math.max(1, ...points.map((p) => p.value ?? 0));
  const x = (i: number) => (points.length < 2 ? W / 2 : pad + (i * (W - 2 * pad)) / (points.length - 1));
  const y = (v: number) => H - bottom - (v / max) * (H - top - bottom);
  const segs: string[] = [];
  let cur = '';
  points.forEach((p, i) => {
    if (p.value === null) {
      if (cur) segs.push(cur);
      cur = '';
      return;
    }
    cur += `${cur ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
  });
  if (cur) segs.push(cur);
  return (
    <figure class="chart" aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" aria-hidden="true" focusable="false" data-chart="line">
        <line x1="0" x2={W} y1={H - bottom} y2={H - bottom} class="axis" />
        {segs.map((d) => <path key={d} d={d} class="line" />)}
        {points.map((p, i) => (
          <g key={p.label}>
            {p.value !== null && <circle cx={x(i)} cy={y(p.value)} r="4" class="dot" />}
            <text x={x(i)} y={p.value === null ? H - bottom - 6 : y(p.value) - 8} text-anchor="middle" class="val">{f(p.value)}</text>
            <text x={x(i)} y={H - 6} text-anchor="middle" class="lbl">{p.label}</text>
          </g>
        ))}
      </svg>
      <DataTable {...props} />
    </figure>
  );
}
