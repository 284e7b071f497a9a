// One rectification: what to fix, by when, the photos of the fix and the
// re-checks, its timeline (who did what, when) and the next step — the
// shop's fix (with a photo), or the inspector's re-check (with a photo):
// passed, or returned with a reason and a new deadline.
import { useEffect, useState } from 'preact/hooks';
import type { LocalRecord, Mutation } from '../db';
import { limits, rectDeadlineState, sla, type RectStep } from '../domain';
import { fmtTime, label } from '../i18n';
import { useLive } from '../live';
import { db } from '../store';
import { ms } from '../inspections/local';
import { PersonName, Photos, Refusal, ShopName, SyncTags, TakePhoto, useBlobUrls } from '../inspections/ui';
import { DeadlineBadge } from './RectificationList';
import { defaultNewDeadline, photoFieldOf, stepMissing, stepsOf, takeStep } from './store';
import { t } from './strings';

export function RectificationDetail({ id }: { id: string }) {
  const r = useLive(async () => (await db.record('rectifications', id)) ?? false, [id], null as LocalRecord | false | null);
  const events = useLive(
    async () => db.children(id, 'rectification_events'),
    [id], [] as LocalRecord[],
  );
  const outbox = useLive(() => db.outbox.where('recordId').equals(id).sortBy('seq'), [id], [] as Mutation[]);
  if (r === null) return <p class="empty">…</p>;
  if (r === false) return <p class="empty" role="alert">{t('notOnPhone')}</p>;
  const status = String(r.status || 'open');
  const deadline = ms(r.deadline);
  const now = Date.now();
  const timeline = [...events].sort((a, b) => ms(a.at) - ms(b.at));
  return (
    <article class="detail" aria-labelledby="rect-detail-title">
      <header class="card">
        <h1 id="rect-detail-title">{String(r.issue ?? '').split('\n')[0]}</h1>
        {String(r.issue ?? '').includes('\n') && <p class="note">{String(r.issue).split('\n').slice(1).join('\n')}</p>}
        <p>
          <span class={'status s-' + status} data-testid="rect-status">{label('rect_status', status)}</span>
          <SyncTags r={r} />
        </p>
        {status === 'open' && !isNaN(deadline) && <DeadlineBadge state={rectDeadlineState(deadline, now)} deadline={deadline} now={now} />}
        <dl class="fields">
          {!!r.shop && (<><dt>{t('shop')}</dt><dd><ShopName id={r.shop} /> · <a href={'#/rectifications?shop=' + String(r.shop)}>{t('shopHistory')}</a></dd></>)}
          {!!r.floor && (<><dt>{t('floor')}</dt><dd>{String(r.floor)}</dd></>)}
          <dt>{t('deadline')}</dt><dd data-testid="rect-deadline-text">{fmtTime(r.deadline)}</dd>
          {!!r.inspection && (<><dt>{t('inspection')}</dt><dd><a href={'#/inspections/' + String(r.inspection)}>{t('openInspection')}</a></dd></>)}
          {!!r.done_note && (<><dt>{t('doneNote')}</dt><dd>{String(r.done_note)}</dd></>)}
          {!!r.verify_note && (<><dt>{t('verifyNote')}</dt><dd>{String(r.verify_note)}</dd></>)}
        </dl>
      </header>
      <Refusal r={r} />
      <Steps r={r} />
      <section class="card" aria-labelledby="rect-photos">
        <h2 id="rect-photos">{t('photos')}</h2>
        <h3>{t('donePhotos')}</h3>
        <Photos collection="rectifications" r={r} fields={['done_photos']} label={t('donePhotos')} />
        <h3>{t('verifyPhotos')}</h3>
        <Photos collection="rectifications" r={r} fields={['verify_photos']} label={t('verifyPhotos')} />
      </section>
      <section class="card" aria-labelledby="rect-tl">
        <h2 id="rect-tl">{t('timeline')}</h2>
        <ol class="timeline" data-testid="rect-timeline">
          {timeline.map((e) => (
            <li key={e.id} data-kind={String(e.kind)}>
              <time>{fmtTime(e.at)}</time>
              <b>{label('rect_event', e.kind)}</b> · <PersonName id={e.actor} />
              {!!e.deadline && (e.kind === 'returned' || e.kind === 'opened') && <div>{t('deadline')} {fmtTime(e.deadline)}</div>}
              {!!e.note && <div class="note">{String(e.note)}</div>}
              {Array.isArray(e.photos) && e.photos.length > 0 && <div class="muted">{t('photosN', { n: e.photos.length })}</div>}
            </li>
          ))}
          {outbox.filter((m) => m.state === 'pending').map((m) => (
            <li key={m.mutationId} class="pending">
              <time>{fmtTime(new Date(m.createdAt).toISOString())}</time>
              <b>{t('unsent')}</b> → {label('rect_status', m.data.status)}
            </li>
          ))}
          {!timeline.length && !outbox.length && <li class="muted">{t('emptyTimeline')}</li>}
        </ol>
      </section>
    </article>
  );
}

/** The steps the record can take now, each opening its form. */
function Steps({ r }: { r: LocalRecord }) {
  const steps = stepsOf(r);
  const [open, setOpen] = useState<RectStep | null>(null);
  useEffect(() => setOpen(null), [r.status]);
  if (!steps.length) return null;
  return (
    <section class="card" aria-labelledby="rect-next">
      <h2 id="rect-next">{t('next')}</h2>
      <div class="action-buttons">
        {steps.map((s) => (
          <button key={s.kind} class={s.kind === 'returned' ? 'danger' : 'primary'} aria-expanded={open === s} onClick={() => setOpen(open === s ? null : s)} data-step={s.kind}>
            {t(('do_' + s.kind) as 'do_done')}
          </button>
        ))}
      </div>
      {open && <StepForm key={open.kind} r={r} step={open} onDone={() => setOpen(null)} />}
    </section>
  );
}

const DEADLINE_INPUT = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
};

function StepForm({ r, step, onDone }: { r: LocalRecord; step: RectStep; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [deadline, setDeadline] = useState(defaultNewDeadline(sla.rectificationDays));
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [busy, setBusy] = useState(false);
  const urls = useBlobUrls(photos);
  const field = photoFieldOf(step);
  const max = field ? limits.photoFields[`rectifications.${field}` as keyof typeof limits.photoFields] : 0;
  const wantsDeadline = step.requires.includes('deadline');
  const noteRequired = step.requires.includes(step.note);
  const missing = stepMissing(step, { note, deadline: wantsDeadline ? deadline : undefined, photos });
  const submit = async (e: Event) => {
    e.preventDefault();
    if (missing.length) return;
    setBusy(true);
    await takeStep(r, step, { note, deadline: wantsDeadline ? deadline : undefined, photos });
    onDone();
  };
  return (
    <form class="form" onSubmit={submit} data-testid="step-form">
      {field && (
        <fieldset>
          <legend>{t(field === 'done_photos' ? 'donePhotos' : 'verifyPhotos')} ({photos.length}/{max}) <span class="req">*</span></legend>
          <div class="thumbs">
            {urls.map((u, i) => (
              <div class="thumb" key={u}>
                <img src={u} alt={t('photoN', { n: i + 1 })} />
                <button type="button" class="x" aria-label={t('removePhoto', { n: i + 1 })} onClick={() => setPhotos(photos.filter((_, k) => k !== i))}>×</button>
              </div>
            ))}
          </div>
          {photos.length < max && <TakePhoto onPhoto={(b) => setPhotos((p) => [...p, b])} testId="step-photo" />}
        </fieldset>
      )}
      <label>{t(step.kind === 'returned' ? 'returnReason' : step.kind === 'done' ? 'doneNote' : 'verifyNote')} {noteRequired && <span class="req">*</span>}
        <textarea rows={2} name="step-note" required={noteRequired} maxLength={limits.textMax[`rectifications.${step.note}` as keyof typeof limits.textMax]} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {wantsDeadline && (
        <label>{t('newDeadline')} <span class="req">*</span>
          <input type="date" name="new-deadline" required value={DEADLINE_INPUT(deadline)} min={DEADLINE_INPUT(new Date().toISOString())}
            onInput={(e) => {
              const v = e.currentTarget.value;
              if (v) setDeadline(new Date(v + 'T23:59:59').toISOString());
            }} />
        </label>
      )}
      {missing.length > 0 && <p class="muted" data-testid="step-missing">{t('stillNeeded')}：{missing.map((f) => t(('need_' + f) as 'need_deadline')).join('、')}</p>}
      <div class="form-actions">
        <button type="button" onClick={onDone}>{t('cancel')}</button>
        <button type="submit" class="primary" disabled={busy || missing.length > 0} data-testid="confirm-step">{t('confirm')}</button>
      </div>
    </form>
  );
}
