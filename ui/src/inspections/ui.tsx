// Small pieces the field screens share: a record's sync state in words, its
// photos (on the phone and on the server), taking a photo (shrunk, then
// marked up), and names of people and shops.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { pb } from '../auth';
import type { LocalRecord } from '../db';
import { t as tc } from '../i18n';
import { useLive } from '../live';
import { shrinkPhoto } from '../photos';
import { db, online } from '../store';
import { serverVersion } from '../sync/outbox';
import { Icon } from '../components/Icon';
import { Markup } from './Markup';
import { shopLabel } from './local';
import { t } from './strings';

/** 待发送 / 发送失败 / 冲突, as the complaint list shows them. */
export function SyncTags({ r }: { r: LocalRecord }) {
  return (
    <>
      {!!r._pending && <span class="tag wait">{tc('pendingSync')}</span>}
      {!!r._failed && <span class="tag bad">{tc('failed')}</span>}
      {!!r._conflict && <span class="tag bad">{tc('conflict')}</span>}
    </>
  );
}

/** The server's refusal of the latest change, on the record itself. */
export function Refusal({ r, children }: { r: LocalRecord; children?: ComponentChildren }) {
  if (!r._failed && !r._conflict) return null;
  return (
    <div class={'card ' + (r._conflict ? 'conflict' : 'failed')} role="alert" data-testid="refusal">
      <h2>{r._conflict ? tc('conflictTitle') : t('refused')}</h2>
      <p class="note">{String(r._failed ?? r._conflict)}</p>
      {children}
      <a href="#/outbox">{tc('outbox')}</a>
    </div>
  );
}

/** Object URLs for blobs, revoked when they change or the screen goes. */
export function useBlobUrls(blobs: Blob[]): string[] {
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    const made = blobs.map((b) => URL.createObjectURL(b));
    setUrls(made);
    return () => made.forEach((u) => URL.revokeObjectURL(u));
  }, [blobs]);
  return urls;
}

/** Server thumbnails of file names of a record (only while online; file tokens expire). */
function useServerThumbs(collection: string, record: Record<string, unknown> | null, names: string[]): string[] {
  const [urls, setUrls] = useState<string[]>([]);
  const key = names.join(',');
  useEffect(() => {
    let cancelled = false;
    if (!record || !names.length || !online.value) {
      setUrls([]);
      return;
    }
    void pb.files.getToken().then((token) => {
      if (!cancelled) setUrls(names.map((n) => pb.files.getURL({ ...record, collectionName: collection } as never, n, { token, thumb: '320x320f' })));
    }).catch(() => setUrls([]));
    return () => {
      cancelled = true;
    };
  }, [collection, record?.id, key, online.value]);
  return urls;
}

/**
 * The photos of a record's file fields: those still on the phone, waiting
 * for their change to be sent, and the server's files.
 */
export function Photos({ collection, r, fields, label }: { collection: string; r: LocalRecord; fields: string[]; label?: string }) {
  const kept = useLive(() => db.photos.where('recordId').equals(r.id).toArray(), [r.id], []);
  const blobs = kept.filter((p) => fields.includes(p.field)).map((p) => p.blob);
  const localUrls = useBlobUrls(useStable(blobs));
  const base = serverVersion(r);
  const names = fields.flatMap((f) => (Array.isArray(base?.[f]) ? (base![f] as string[]) : []));
  const remote = useServerThumbs(collection, base, names);
  const count = localUrls.length + names.length;
  if (!count) return null;
  const name = label ?? tc('photos');
  return (
    <div class="thumbs" role="group" aria-label={`${name} (${count})`}>
      {[...localUrls, ...remote].map((u, i) => <img key={u} src={u} alt={`${name} ${i + 1}`} />)}
      {names.length > remote.length && <span class="muted">{t('photosOnServer', { n: names.length - remote.length })}</span>}
    </div>
  );
}

/** The same array object while its items are the same, so effects do not re-run. */
function useStable<T>(list: T[]): T[] {
  const [kept, setKept] = useState(list);
  if (kept.length !== list.length || kept.some((x, i) => x !== list[i])) setKept(list);
  return kept;
}

/** A camera / file button: the picture is shrunk on the phone and offered for markup first. */
export function TakePhoto({ onPhoto, testId, text, markup = true }: {
  onPhoto: (b: Blob) => void | Promise<void>; testId: string; text?: string; markup?: boolean;
}) {
  const [pending, setPending] = useState<Blob | null>(null);
  const [error, setError] = useState('');
  const pick = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const blob = await shrinkPhoto(file);
      setError('');
      if (markup) setPending(blob);
      else await onPhoto(blob);
    } catch {
      setError(t('photoUnreadable', { name: file.name }));
    }
  };
  return (
    <>
      <label class="button photo-btn">
        <Icon name="camera" /> {text ?? tc('addPhoto')}
        <input type="file" accept="image/*" capture="environment" class="sr-only" onChange={pick} data-testid={testId} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      {pending && (
        <Markup
          photo={pending}
          onCancel={() => setPending(null)}
          onDone={async (b) => {
            setPending(null);
            await onPhoto(b);
          }}
        />
      )}
    </>
  );
}

export function useRecord(collection: string, id: unknown): LocalRecord | undefined {
  return useLive(() => (id ? db.record(collection, String(id)) : Promise.resolve(undefined)), [collection, id], undefined as LocalRecord | undefined);
}

export function ShopName({ id }: { id: unknown }) {
  const s = useRecord('shops', id);
  return <>{id ? shopLabel(s) || String(id) : ''}</>;
}

export function PersonName({ id }: { id: unknown }) {
  const u = useRecord('users', id);
  return <>{id ? String(u?.name || u?.email || id) : ''}</>;
}
