// Photos are shrunk on the phone (long side about 1600 px, JPEG) before they
// are stored, so a shift of photos fits in the browser's storage and uploads
// fast on a weak signal.
export const MAX_SIDE = 1600;
export const QUALITY = 0.8;

export async function shrinkPhoto(file: Blob): Promise<Blob> {
  const bmp = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
  const w = Math.max(1, Math.round(bmp.width * scale));
  const h = Math.max(1, Math.round(bmp.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bmp, 0, 0, w, h);
  bmp.close();
  const out = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/jpeg', QUALITY));
  if (!out) throw new Error('JPEG encoding failed');
  return out;
}
