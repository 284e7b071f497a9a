// Running a round: item by item, grouped by section, pass / fail / N/A with
// a note and photos (marked up before they are kept), the score always in
// view. Every tap is saved on the phone at once; leave and come back later,
// also after a reload or a restart.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { LocalRecord } from '../db';
import { limits, needsPhoto, options, type TemplateItem } from '../domain';
import { label } from '../i18n';
import { useLive } from '../live';
import { go } from '../router';
import { db } from '../store';
import { all, shopLabel } from './local';
import { addPhoto, blockers, discardDraft, draftScore, getDraft, removePhoto, setAnswer, setHeader, submitDraft, type Answer, type Draft } from './store';
import { t } from './strings';
import { TakePhoto, useBlobUrls } from './ui';

const MAX_PHOTOS = limits.photoFields['inspection_results.photos'];
const NOTE_MAX = limits.textMax['inspection_results.note'];

export function RunInspection({ id }: { id: string }) {
  const d = useLive(async () => (await getDraft(id)) ?? false, [id], null as Draft | false | null);
  const shops = useLive(() => all('shops'), [], [] as LocalRecord[]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const resumed = useRef(false);

  // resume where the person left off: the item last worked on, else the first open one
  useEffect(() => {
    if (!d || resumed.current) return;
    resumed.current = true;
    const target = d.current ?? d.items.find((it) => !d.answers[it.id]?.result)?.id;
    if (target) requestAnimationFrame(() => document.getElementById('item-' + target)?.scrollIntoView({ block: 'center' }));
  }, [d]);

  const sections = useMemo(() => {
    const out: [string, TemplateItem[]][] = [];
    for (const it of d ? d.items : []) {
      const last = out[out.length - 1];
      if (last && last[0] === it.section) last[1].push(it);
      else out.push([it.section, [it]]);
    }
    return out;
  }, [d && d.items]);

  if (d === null) return <p class="empty">…</p>;
  if (d === false) {
    return (
      <div class="card" role="alert">
        <p>{t('draftGone')}</p>
        <a href="#/inspections">{t('inspections')}</a>
      </div>
    );
  }
  const sc = draftScore(d);
  const answered = d.items.length - blockers(d).unanswered.length;
  const b = blockers(d);
  const floorShops = shops.filter((s) => s.mall === d.mall && !s.closed && (!d.floor || s.floor === d.floor));

  const submit = async () => {
    setError('');
    if (b.unanswered.length || b.missingPhotos.length) {
      const first = b.missingPhotos[0] ?? b.unanswered[0];
      document.getElementById('item-' + first.id)?.scrollIntoView({ block: 'center' });
      setError(b.missingPhotos.length ? t('needPhotos', { n: b.missingPhotos.length }) : t('needAnswers', { n: b.unanswered.length }));
      return;
    }
    setBusy(true);
    try {
      await submitDraft(d.id);
      go('/inspections/' + d.id);
    } catch (err) {
      setError(String(err));
      setBusy(false);
    }
  };
  const discard = async () => {
    if (!confirm(t('discardConfirm'))) return;
    await discardDraft(d.id);
    go('/inspections');
  };

  return (
    <section class="run" aria-labelledby="run-title">
      <header class="card">
        <h1 id="run-title">{t('roundTitle', { floor: d.floor })}{d.zone ? ' · ' + d.zone : ''} <span class="tag wait">{d.existing ? t('fixing') : t('draft')}</span></h1>
        <p class="muted">{d.templateName}</p>
        <label>{t('shop')}
          <select value={d.shop} onChange={(e) => setHeader(d.id, { shop: e.currentTarget.value })} name="shop" disabled={d.existing}>
            <option value="">{t('noShop')}</option>
            {floorShops.map((s) => <option key={s.id} value={s.id}>{shopLabel(s)}</option>)}
          </select>
        </label>
      </header>
      {sections.map(([section, items]) => (
        <section key={section} class="run-section" aria-labelledby={'sec-' + items[0].id}>
          <h2 id={'sec-' + items[0].id}>{section}</h2>
          {items.map((it) => <Item key={it.id} d={d} it={it} a={d.answers[it.id]} />)}
        </section>
      ))}
      <label class="card">{t('roundNote')}
        <NoteInput value={d.note} max={limits.textMax['inspections.note']} onSave={(note) => setHeader(d.id, { note })} name="round-note" />
      </label>
      <div class="form-actions">
        <button type="button" onClick={() => go('/inspections')} data-testid="leave-round">{t('leave')}</button>
        <button type="button" class="danger" onClick={discard} data-testid="discard-round">{t('discard')}</button>
      </div>
      <div class="run-bar" role="region" aria-label={t('scoreNow')}>
        <div class="run-score" aria-live="polite" data-testid="running-score">
          <b>{sc.score === null ? '—' : sc.score}</b>
          <span>{t('progress', { done: answered, total: d.items.length })}{sc.failed ? ' · ' + t('failedN', { n: sc.failed }) : ''}</span>
        </div>
        <button class="primary" onClick={submit} disabled={busy} data-testid="submit-round">{t('submit')}</button>
      </div>
      {error && <p class="error run-error" role="alert" data-testid="run-error">{error}</p>}
    </section>
  );
}

function Item({ d, it, a }: { d: Draft; it: TemplateItem; a: Answer | undefined }) {
  const result = a?.result;
  const photos = a?.photos ?? [];
  const lacking = needsPhoto(it, result) && !photos.length && !a?.serverPhotos;
  const open = result === 'fail' || !!a?.note || photos.length > 0;
  const [more, setMore] = useState(false);
  const group = 'r-' + it.id;
  return (
    <div class={'card item' + (result ? ' r-' + result : '') + (lacking ? ' lacking' : '')} id={'item-' + it.id} data-item={it.id}>
      <p class="item-text" id={group}>{it.text}</p>
      <p class="item-meta muted">{t('weight', { n: it.weight })}{it.photo_required ? ' · ' + t('photoOnFail') : ''}</p>
      <div class="seg results" role="radiogroup" aria-labelledby={group}>
        {options('result').map((v) => (
          <label key={v} class={'seg-btn res-' + v + (result === v ? ' on' : '')}>
            <input type="radio" name={group} value={v} checked={result === v} onChange={() => setAnswer(d.id, it.id, { result: v })} data-result={v} />
            {label('result', v)}
          </label>
        ))}
      </div>
      {(open || more) ? (
        <div class="item-more">
          <label>{t('note')}
            <NoteInput value={a?.note ?? ''} max={NOTE_MAX} onSave={(note) => setAnswer(d.id, it.id, { note })} name={'note-' + it.id} />
          </label>
          <ItemPhotos d={d} it={it} photos={photos} />
          {lacking && <p class="error" data-testid="photo-needed">{t('photoNeeded')}</p>}
          {!!a?.serverPhotos && <p class="muted">{t('photosOnServer', { n: a.serverPhotos })}</p>}
        </div>
      ) : (
        <button type="button" class="link-btn" onClick={() => setMore(true)}>{t('addNoteOrPhoto')}</button>
      )}
    </div>
  );
}

function ItemPhotos({ d, it, photos }: { d: Draft; it: TemplateItem; photos: string[] }) {
  const kept = useLive(async () => (await db.photos.bulkGet(photos)).map((p) => p?.blob ?? new Blob()), [photos.join(',')], [] as Blob[]);
  const urls = useBlobUrls(kept);
  return (
    <div>
      <div class="thumbs">
        {photos.map((pid, i) => (
          <div class="thumb" key={pid}>
            {urls[i] && <img src={urls[i]} alt={t('photoN', { n: i + 1, item: it.text })} />}
            <button type="button" class="x" aria-label={t('removePhoto', { n: i + 1 })} onClick={() => removePhoto(d.id, it.id, pid)}>×</button>
          </div>
        ))}
      </div>
      {photos.length < MAX_PHOTOS && <TakePhoto onPhoto={(b) => void addPhoto(d.id, it.id, b)} testId={'photo-' + it.id} />}
    </div>
  );
}

/** A text kept as it is typed (saved after a pause and when leaving the field). */
function NoteInput({ value, max, onSave, name }: { value: string; max: number; onSave: (v: string) => unknown; name: string }) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saved = useRef(value);
  const typed = useRef(value);
  useEffect(() => {
    if (value !== saved.current) setText((saved.current = typed.current = value));
  }, [value]);
  const flush = (v: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (v !== saved.current) {
      saved.current = v;
      void onSave(v);
    }
  };
  useEffect(() => () => flush(typed.current), []); // leaving the screen keeps what was typed
  return (
    <textarea
      rows={2} maxLength={max} value={text} name={name}
      onInput={(e) => {
        const v = e.currentTarget.value;
        setText(v);
        typed.current = v;
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => flush(v), 400);
      }}
      onBlur={(e) => flush(e.currentTarget.value)}
    />
  );
}
