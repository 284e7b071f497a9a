// QR codes drawn in the app (uqr: a port of Nayuki's QR code generator; no
// service is ever asked): the module matrix, as an SVG path for screen and
// print, and on a canvas for the PNG poster.
import { encode } from 'uqr';

/** The dark modules, with the 4-module quiet zone the standard asks for; error correction M. */
export function qrMatrix(text: string): boolean[][] {
  return encode(text, { ecc: 'M', border: 4 }).data;
}

/** One SVG path of the dark modules (a run of them per rect), in module units. */
export function qrPath(m: boolean[][]): string {
  let d = '';
  m.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let run = 1;
      while (row[x + run]) run++;
      d += `M${x} ${y}h${run}v1h-${run}z`;
      x += run - 1;
    }
  });
  return d;
}

/** Draws the code on a canvas: a white square of size px at (x, y). */
export function drawQR(ctx: CanvasRenderingContext2D, m: boolean[][], x: number, y: number, size: number) {
  const cell = size / m.length;
  const at = (i: number, o: number) => Math.round(o + i * cell); // whole pixels: no hairlines between modules
  ctx.fillStyle = '#fff';
  ctx.fillRect(x, y, size, size);
  ctx.fillStyle = '#000';
  m.forEach((row, r) => row.forEach((dark, c) => {
    if (dark) ctx.fillRect(at(c, x), at(r, y), at(c + 1, x) - at(c, x), at(r + 1, y) - at(r, y));
  }));
}
