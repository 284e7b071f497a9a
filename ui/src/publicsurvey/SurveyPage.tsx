// The public survey page at /s/<token>: opens the point's survey with no
// account. A QR point is answered on the customer's own phone and sent at
// once; a kiosk point turns the page into the desk tablet's offline kiosk.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { newId } from '../ids';
import { lazy } from '../lazy';
import { fetchSurvey, sendAnswer, type Loaded, type Refusal, type SurveyDef } from './api';
import type { Flow } from './flow';
import { Closed, Page, Thanks } from './Frame';
import { Questionnaire } from './Questionnaire';
import { ps } from './strings';
import { isKioskDevice } from '../kiosk/device';

// the kiosk (its queue, full screen, staff panel) loads only on a kiosk
const Kiosk = lazy<{ token: string; def?: SurveyDef; closed?: Refusal }>(() => import('../kiosk/Kiosk'), 'Kiosk');

export function SurveyPage({ token }: { token: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [kiosk, setKiosk] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    void fetchSurvey(token).then(async (res) => {
      // a kiosk keeps its survey for offline starts (a phone has no kiosk store)
      const kept = res.kind !== 'ok' && isKioskDevice() ? await (await import('../kiosk/store')).recall(token) : null;
      if (!live) return;
      setKiosk((res.kind === 'ok' && res.def.channel === 'kiosk') || !!kept);
      setLoaded(res);
    });
    return () => { live = false; };
  }, [token, attempt]);

  useEffect(() => {
    if (loaded?.kind === 'ok') document.title = `${loaded.def.title} · ${loaded.def.mall}`;
  }, [loaded]);

  if (!loaded) return <Page><p class="ps-screen muted" role="status">{ps('loading')}</p></Page>;
  if (kiosk) {
    return <Kiosk token={token} def={loaded.kind === 'ok' ? loaded.def : undefined} closed={loaded.kind === 'refused' ? loaded.refusal : undefined} />;
  }
  if (loaded.kind === 'refused') return <Page><Closed refusal={loaded.refusal} /></Page>;
  if (loaded.kind === 'offline') {
    return (
      <Page>
        <section class="ps-screen">
          <h1 class="ps-q">{ps('title')}</h1>
          <p class="warn" role="alert">{ps('offline')}</p>
          <button type="button" class="primary wide" onClick={() => setAttempt((n) => n + 1)}>{ps('retry')}</button>
        </section>
      </Page>
    );
  }
  return <Page def={loaded.def}><PhoneSurvey token={token} def={loaded.def} /></Page>;
}

/** A customer's phone: the answer goes to the server at once, retried by the person if the network fails. */
function PhoneSurvey({ token, def }: { token: string; def: SurveyDef }) {
  const id = useMemo(() => newId(), []); // one answer, one id: a retry is stored once
  const [flow, setFlow] = useState<Flow | null>(null);
  const [state, setState] = useState<'answering' | 'sending' | 'sent' | 'failed'>('answering');
  const [problem, setProblem] = useState('');

  const send = async (f: Flow) => {
    setFlow(f);
    setState('sending');
    const res = await sendAnswer(token, { id, answers: f.answers, ...(f.comment ? { comment: f.comment } : {}) });
    if (res.kind === 'stored') return setState('sent');
    setState('failed');
    if (res.kind === 'retry') return setProblem(ps('sendFailed'));
    const r = res.refusal;
    setProblem(r.status === 429 && r.retryAfter ? ps('tooMany', { n: r.retryAfter }) : ps('refused', { msg: r.message }));
  };

  if (state === 'sent') return <Thanks />;
  if (state === 'answering') return <Questionnaire def={def} onDone={send} />;
  return (
    <section class="ps-screen">
      {state === 'sending' && <p class="muted" role="status">{ps('sending')}</p>}
      {state === 'failed' && (
        <>
          <p class="error" role="alert" data-testid="send-problem">{problem}</p>
          <button type="button" class="primary wide" onClick={() => flow && void send(flow)}>{ps('retry')}</button>
        </>
      )}
    </section>
  );
}
