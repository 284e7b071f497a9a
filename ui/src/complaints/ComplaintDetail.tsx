import { useEffect, useState } from 'preact/hooks';
import { canWriteComplaints, pb } from '../auth';
import { addNote, dismissConflicts, updateComplaint } from './store';
import type { LocalRecord, Mutation } from '../db';
import { localRef } from '../ids';
import { complaintStatus, complaintSteps, flows, limits, nextStatuses, options, requiredFor, slaOf, vocab, type Vocab } from '../domain';
import { fmtTime, label, t } from '../i18n';
import { useLive } from '../live';
import { db, online } from '../store';
import { SlaBadge } from './ComplaintList';
import { serverVersion } from '../sync/outbox';
import { CallbackEntry } from '../surveys/CallbackEntry';

export function ComplaintDetail({ id }: { id: string }) {
  // null while loading, false when this phone does not have it
  const c = useLive(async () => (await db.record('complaints', id)) ?? false, [id], null as LocalRecord | false | null);
  const events = useLive(
    async () => db.children(id, 'complaint_events'),
    [id], [] as LocalRecord[],
  );
  const outbox = useLive(() => db.outbox.where('recordId').equals(id).sortBy('seq'), [id], [] as Mutation[]);
  if (c === null) return <p class="empty">…</p>;
  if (c === false) return <p class="empty" role="alert">{t('notOnPhone')}</p>;
  const status = (c.status as string) || flows.complaint.initial;
  const sla = slaOf(c);
  const sortedEvents = [...events].sort((a, b) => String(a.at ?? a.created).localeCompare(String(b.at ?? b.created)));
  return (
    <article class="detail" aria-labelledby="detail-title">
      <header class="card">
        <h1 id="detail-title">
          {c.number
            ? <span data-testid="complaint-number">{c.number as string}</span>
            : <span class="local" data-testid="local-ref">{t('localRef')} {localRef(c.id)} <small>({t('waitingNumber')})</small></span>}
        </h1>
        <p>
          <span class={'status s-' + status} data-testid="status">{label('status', status)}</span>
          {c.severity === 'major' && <span class="tag major">{label('severity', 'major')}</span>}
          {!!c._pending && <span class="tag wait">{t('pendingSync')}</span>}
        </p>
        {sla && <SlaBadge sla={sla} now={Date.now()} />}
      </header>
      {c._conflict && (
        <div class="card conflict" role="alert" data-testid="conflict">
          <h2>{t('conflictTitle')}</h2>
          <p>{t('conflictBody', { msg: c._conflict as string })}</p>
          <button onClick={() => dismissConflicts(id)}>{t('dismiss')}</button>
        </div>
      )}
      {c._failed && (
        <div class="card failed" role="alert">
          <h2>{t('failed')}</h2>
          <p>{c._failed as string}</p>
          <a href="#/outbox">{t('outbox')}</a>
        </div>
      )}
      {canWriteComplaints.value
        ? <Actions c={c} status={status} />
        : <p class="notice">{t('readOnly')}</p>}
      <dl class="card fields">
        <Field k="customerName" v={c.customer_name} />
        {!!c.phone && (<><dt>{t('phone')}</dt><dd><a href={'tel:' + String(c.phone).replace(/[^0-9+]/g, '')}>{c.phone as string}</a></dd></>)}
        <Field k="channel" v={label('channel', c.channel)} />
        <Field k="target" v={label('target', c.target)} />
        <ShopField id={c.shop as string} />
        <Field k="description" v={c.description} />
        <Field k="occurredAt" v={fmtTime(c.occurred_at)} />
        <Field k="location" v={c.location} />
        <Field k="demand" v={c.demand} />
        <Field k="registeredAt" v={fmtTime(c.registered_at)} />
        <Field k="planDue" v={fmtTime(c.plan_due)} />
        <Field k="feedbackDue" v={fmtTime(c.feedback_due)} />
        {!!c.callback_from && <Field k="callbackWindow" v={`${fmtTime(c.callback_from)} – ${fmtTime(c.callback_due)}`} />}
        <Field k="plan" v={c.plan} />
        {!!c.resolution_type && <Field k="resolutionType" v={label('resolution_type', c.resolution_type) + (c.amount ? ` · ¥${c.amount}` : '')} />}
        {!!c.callback_verdict && <Field k="verdict" v={label('callback_verdict', c.callback_verdict) + (c.callback_note ? ' · ' + c.callback_note : '')} />}
        {!!c.withdraw_reason && <Field k="withdrawReason" v={c.withdraw_reason} />}
      </dl>
      <Photos c={c} />
      <section class="card" aria-labelledby="tl-title">
        <h2 id="tl-title">{t('timeline')}</h2>
        <ol class="timeline" data-testid="timeline">
          {sortedEvents.map((e) => (
            <li key={e.id}>
              <time>{fmtTime(e.at ?? e.created)}</time>
              <b>{label('kind', e.kind)}</b>
              {!!e.to_status && <span> → {label('status', e.to_status)}</span>}
              {!!e.note && <div class="note">{eventNote(e)}</div>}
            </li>
          ))}
          {outbox.filter((m) => m.state === 'pending' && m.op === 'update').map((m) => (
            <li key={m.mutationId} class="pending">
              <time>{fmtTime(new Date(m.createdAt).toISOString())}</time>
              <b>{t('pendingSync')}</b>
              {typeof m.data.status === 'string' && <span> → {label('status', m.data.status)}</span>}
            </li>
          ))}
          {!sortedEvents.length && !outbox.length && <li class="muted">{t('emptyTimeline')}</li>}
        </ol>
      </section>
    </article>
  );
}

/**
 * A status event's note starts with the code of the coded field its step
 * requires (resolution type, callback verdict; a callback event's note with
 * its verdict): show that code's label.
 */
function eventNote(e: LocalRecord): string {
  const note = String(e.note ?? '');
  const step = (complaintSteps as Record<string, { requires?: readonly string[] }>)[String(e.to_status)];
  const coded = e.kind === 'callback' ? 'callback_verdict' : step?.requires?.find((f): f is Vocab => f in vocab);
  if (!coded) return note;
  const [code, ...rest] = note.split(' ');
  return [label(coded, code), ...rest].join(' ').trim();
}

function Field({ k, v }: { k: Parameters<typeof t>[0]; v: unknown }) {
  if (v === undefined || v === null || v === '') return null;
  return (<><dt>{t(k)}</dt><dd>{String(v)}</dd></>);
}

function ShopField({ id }: { id: string }) {
  const shop = useLive(() => (id ? db.record('shops', id) : Promise.resolve(undefined)), [id], undefined as LocalRecord | undefined);
  if (!id) return null;
  return <Field k="shop" v={shop ? [shop.floor, shop.booth, shop.name].filter(Boolean).join(' ') : id} />;
}

/** Local photos (not yet sent) from IndexedDB; server photos when online. */
function Photos({ c }: { c: LocalRecord }) {
  const local = useLive(() => db.photos.where('recordId').equals(c.id).toArray(), [c.id], []);
  const [urls, setUrls] = useState<string[]>([]);
  const base = serverVersion(c);
  const names = (base?.photos as string[] | undefined) ?? [];
  useEffect(() => {
    const made = local.map((p) => URL.createObjectURL(p.blob));
    let cancelled = false;
    (async () => {
      let remote: string[] = [];
      if (names.length && online.value) {
        try {
          const token = await pb.files.getToken();
          remote = names.map((n) => pb.files.getURL({ ...base, collectionName: 'complaints' } as never, n, { token, thumb: '320x320f' }));
        } catch {
          /* offline: show what is on the phone */
        }
      }
      if (!cancelled) setUrls([...made, ...remote]);
    })();
    return () => {
      cancelled = true;
      made.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [local.length, names.join(','), online.value]);
  if (!urls.length && !names.length) return null;
  return (
    <section class="card" aria-label={t('photos')}>
      <h2>{t('photos')} ({local.length + names.length})</h2>
      <div class="thumbs">{urls.map((u, i) => <img key={u} src={u} alt={`${t('photos')} ${i + 1}`} />)}</div>
    </section>
  );
}

/** The next legal workflow steps, with what each needs. */
function Actions({ c, status }: { c: LocalRecord; status: string }) {
  const [open, setOpen] = useState<string | null>(null); // a status to move to, or 'note'
  const [plan, setPlan] = useState((c.plan as string) ?? '');
  const [rtype, setRtype] = useState('');
  const [amount, setAmount] = useState('');
  const [verdict, setVerdict] = useState('');
  const [text, setText] = useState('');
  const next = nextStatuses('complaint', status);
  const need = open && open !== 'note' ? requiredFor(open, { resolution_type: rtype }) : [];
  const max = (field: string) => limits.textMax[('complaints.' + field) as keyof typeof limits.textMax];
  const submit = async (e: Event) => {
    e.preventDefault();
    if (open === 'note') {
      await addNote(c, text);
    } else if (open) {
      const data: Record<string, unknown> = { status: open };
      if (open === complaintStatus.proposed) data.plan = plan;
      if (open === complaintStatus.resolved) {
        data.resolution_type = rtype;
        if (amount) data.amount = Number(amount);
      }
      if (open === complaintStatus.visited) {
        data.callback_verdict = verdict;
        if (text) data.callback_note = text;
      }
      if (open === complaintStatus.withdrawn && text) data.withdraw_reason = text;
      await updateComplaint(c.id, data);
    }
    setOpen(null);
    setText('');
  };
  return (
    <section class="card" aria-labelledby="act-title">
      <h2 id="act-title">{t('actions')}</h2>
      <div class="action-buttons">
        {next.includes(complaintStatus.visited) && <CallbackEntry c={c} />}
        {next.map((s) => (
          <button key={s} class={s === complaintStatus.withdrawn ? 'danger' : 'primary'} aria-expanded={open === s} onClick={() => setOpen(open === s ? null : s)} data-action={s}>
            {label('action', s)}
          </button>
        ))}
        <button aria-expanded={open === 'note'} onClick={() => setOpen(open === 'note' ? null : 'note')} data-action="note">{t('addNote')}</button>
      </div>
      {open && (
        <form class="form" onSubmit={submit} data-testid="action-form">
          {open === complaintStatus.proposed && (
            <label>{t('plan')} {need.includes('plan') && <span class="req">*</span>}
              <textarea required={need.includes('plan')} maxLength={max('plan')} rows={3} value={plan} onInput={(e) => setPlan(e.currentTarget.value)} name="plan" />
            </label>
          )}
          {open === complaintStatus.resolved && (<>
            <label>{t('resolutionType')} {need.includes('resolution_type') && <span class="req">*</span>}
              <select required={need.includes('resolution_type')} value={rtype} onChange={(e) => setRtype(e.currentTarget.value)} name="resolution_type">
                <option value="" disabled>—</option>
                {options('resolution_type').map((v) => <option key={v} value={v}>{label('resolution_type', v)}</option>)}
              </select>
            </label>
            <label>{t('amount')}{need.includes('amount') && <span class="req"> *</span>}
              <input type="number" inputMode="decimal" min="0" step="0.01" required={need.includes('amount')} value={amount} onInput={(e) => setAmount(e.currentTarget.value)} name="amount" />
            </label>
          </>)}
          {open === complaintStatus.visited && (
            <fieldset class="seg">
              <legend>{t('verdict')} {need.includes('callback_verdict') && <span class="req">*</span>}</legend>
              {options('callback_verdict').map((v) => (
                <label key={v} class={'seg-btn' + (verdict === v ? ' on' : '')}>
                  <input type="radio" name="verdict" value={v} required={need.includes('callback_verdict')} checked={verdict === v} onChange={() => setVerdict(v)} />{label('callback_verdict', v)}
                </label>
              ))}
            </fieldset>
          )}
          {(open === complaintStatus.visited || open === complaintStatus.withdrawn || open === 'note') && (
            <label>{open === complaintStatus.visited ? t('callbackNote') : open === complaintStatus.withdrawn ? t('withdrawReason') : t('note')}
              <textarea rows={2} maxLength={open === complaintStatus.visited ? max('callback_note') : open === complaintStatus.withdrawn ? max('withdraw_reason') : limits.textMax['complaint_events.note']} required={open === 'note'} value={text} onInput={(e) => setText(e.currentTarget.value)} name="text" />
            </label>
          )}
          <div class="form-actions">
            <button type="button" onClick={() => setOpen(null)}>{t('cancel')}</button>
            <button type="submit" class="primary" data-testid="confirm-action">{t('confirm')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
