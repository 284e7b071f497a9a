// Taking a survey on the phone: one question a screen with large faces, a
// comment asked for when a score is 1–2, the overall verdict at the end. A
// callback starts from its complaint and, saved, moves it to 已回访 with the
// customer's verdict.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LocalRecord } from '../db';
import { asksComment, callbackVerdict, isSatisfied, limits, overallScore } from '../domain';
import { label } from '../i18n';
import { useLive } from '../live';
import { go } from '../router';
import { db } from '../store';
import { localRef } from '../ids';
import { all, me, shopLabel } from '../inspections/local';
import { Face, FacePicker } from '../components/Faces';
import { questionsOf, saveCallback, saveSurvey, templateFor } from './store';
import { t } from './strings';

const COMMENT_MAX = limits.textMax['survey_responses.comment'];

export function TakeSurvey({ kind, complaintId }: { kind: string; complaintId?: string }) {
  const complaint = useLive(async () => (complaintId ? (await db.record('complaints', complaintId)) ?? false : undefined), [complaintId], null as LocalRecord | false | undefined | null);
  const templates = useLive(() => all('survey_templates'), [], [] as LocalRecord[]);
  const shops = useLive(() => all('shops'), [], [] as LocalRecord[]);
  const mallRecords = useLive(() => all('malls'), [], [] as LocalRecord[]);
  const malls = me().malls;
  const [mallPick, setMall] = useState(malls[0] ?? '');
  const mall = complaint ? String(complaint.mall) : mallPick;
  const tpl = templateFor(templates, kind, mall);
  const questions = questionsOf(tpl);
  const intro = kind !== 'customer';
  const [step, setStep] = useState(intro ? -1 : 0);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [comments, setComments] = useState<Record<string, string>>({});
  const [shop, setShop] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  if (complaint === null) return <p class="empty">…</p>;
  if (complaint === false) return <p class="empty" role="alert">{t('noComplaint')}</p>;
  if (!tpl) return <p class="warn" role="alert">{t('noTemplate')}</p>;

  const title = label('survey_kind', kind);
  const comment = questions.filter((q) => comments[q.id]?.trim()).map((q) => `${q.text}：${comments[q.id].trim()}`).join('\n').slice(0, COMMENT_MAX);
  const overall = overallScore(questions, answers);

  const save = async () => {
    setBusy(true);
    setError('');
    try {
      const input = { mall, template: tpl, answers, comment, shop: shop || undefined };
      const id = complaint ? await saveCallback(complaint, input) : await saveSurvey(input);
      setSaved(id);
    } catch (err) {
      setError(String(err));
    } finally {
      setBusy(false);
    }
  };

  if (saved) {
    return (
      <section class="card survey-done" aria-labelledby="sv-done" data-testid="survey-saved">
        <h1 id="sv-done">{t('saved')}</h1>
        <p>{complaint ? t('savedCallback') : t('savedSurvey')}</p>
        <div class="form-actions">
          {complaint
            ? <button class="primary" onClick={() => go('/c/' + complaint.id)}>{t('backToComplaint')}</button>
            : <button class="primary" onClick={() => go('/surveys')}>{t('done')}</button>}
          <button onClick={() => go('/surveys/' + saved)}>{t('view')}</button>
        </div>
      </section>
    );
  }

  const header = (
    <p class="muted sv-head">{title} · {tpl.name as string}{complaint ? ` · ${(complaint.number as string) || localRef(complaint.id)}` : ''}</p>
  );

  if (step < 0) {
    return (
      <section class="card form" aria-labelledby="sv-intro">
        <h1 id="sv-intro">{title}</h1>
        {header}
        {complaint && (
          <div>
            <p>{String(complaint.customer_name ?? '')} · {String(complaint.description ?? '').slice(0, 60)}</p>
            {!!complaint.phone && <a class="button" href={'tel:' + String(complaint.phone).replace(/[^0-9+]/g, '')}>{t('call', { phone: String(complaint.phone) })}</a>}
            <p class="muted">{t('callbackIntro')}</p>
          </div>
        )}
        {!complaint && malls.length > 1 && (
          <label>{t('mall')}
            <select value={mall} onChange={(e) => setMall(e.currentTarget.value)} name="mall">{malls.map((m) => <option key={m} value={m}>{String(mallRecords.find((r) => r.id === m)?.name ?? m)}</option>)}</select>
          </label>
        )}
        {kind === 'merchant' && (
          <label>{t('shop')} <span class="req">*</span>
            <select value={shop} onChange={(e) => setShop(e.currentTarget.value)} name="shop" required>
              <option value="">—</option>
              {shops.filter((s) => s.mall === mall && !s.closed).sort((a, b) => shopLabel(a).localeCompare(shopLabel(b))).map((s) => <option key={s.id} value={s.id}>{shopLabel(s)}</option>)}
            </select>
          </label>
        )}
        <button class="primary wide" disabled={kind === 'merchant' && !shop} onClick={() => setStep(0)} data-testid="survey-begin">{t('begin')}</button>
      </section>
    );
  }

  if (step >= questions.length) {
    const verdict = overall === null ? null : isSatisfied(overall);
    return (
      <section class="card survey-end" aria-labelledby="sv-end">
        <h1 id="sv-end">{t('summary')}</h1>
        {header}
        {overall === null ? <p class="error" role="alert">{t('overallMissing')}</p> : (
          <div class="verdict" data-testid="survey-verdict">
            <Face score={overall} size={72} />
            <p><b>{t('overall')}：{overall} · {label('scale', String(overall))}</b></p>
            <p class={'tag ' + (verdict ? 'met' : 'bad')}>{verdict ? t('satisfied') : t('notSatisfied')}</p>
            {complaint && <p>{t('callbackVerdict')}：<b data-testid="callback-verdict">{label('callback_verdict', callbackVerdict(overall))}</b><br /><span class="muted">{t('movesToVisited')}</span></p>}
          </div>
        )}
        <ol class="plain sv-answers">
          {questions.map((q, i) => (
            <li key={q.id}><button type="button" class="link-btn" onClick={() => setStep(i)}>{q.text}</button>：{answers[q.id] ? `${answers[q.id]} ${label('scale', String(answers[q.id]))}` : t('skipped')}</li>
          ))}
        </ol>
        {comment && <p class="note muted">{comment}</p>}
        {error && <p class="error" role="alert">{error}</p>}
        <div class="form-actions">
          <button onClick={() => setStep(questions.length - 1)}>{t('back')}</button>
          <button class="primary" disabled={busy || overall === null} onClick={save} data-testid="survey-save">{t('save')}</button>
        </div>
      </section>
    );
  }

  const q = questions[step];
  const value = answers[q.id];
  const pick = (n: number) => {
    setAnswers({ ...answers, [q.id]: n });
    if (!asksComment(n)) setStep(step + 1);
  };
  return (
    <section class="card survey-q" aria-labelledby="sv-q">
      {header}
      <p class="sv-progress">{t('questionN', { n: step + 1, total: questions.length })}</p>
      <progress max={questions.length} value={step} aria-hidden="true" />
      <h1 id="sv-q" data-testid="survey-question">{q.text}{q.overall ? <small> （{t('overallQuestion')}）</small> : null}</h1>
      <FacePicker value={value} onPick={pick} labelledBy="sv-q" />
      {asksComment(value) && (
        <div>
          <label>{t('whyLow')}
            <CommentField value={comments[q.id] ?? ''} onInput={(v) => setComments({ ...comments, [q.id]: v })} />
          </label>
          <button class="primary wide" onClick={() => setStep(step + 1)} data-testid="survey-next">{t('next')}</button>
        </div>
      )}
      <div class="form-actions">
        <button onClick={() => setStep(step - 1)} disabled={step === 0 && !intro}>{t('back')}</button>
        {!q.overall && value === undefined && <button onClick={() => setStep(step + 1)}>{t('skip')}</button>}
      </div>
    </section>
  );
}

/** The comment a low score asks for, brought into view when it appears. */
function CommentField({ value, onInput }: { value: string; onInput: (v: string) => void }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.scrollIntoView({ block: 'center' }), []);
  return <textarea ref={ref} rows={3} maxLength={COMMENT_MAX} value={value} onInput={(e) => onInput(e.currentTarget.value)} name="comment" />;
}
