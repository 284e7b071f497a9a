// Kiosk mode: the desk tablet opened from a kiosk point's link. It stays in
// full screen, takes one customer after another (each answer is queued on
// the tablet first and sent when the network allows), clears itself after
// each answer and after a minute without a touch, and keeps working with no
// network, across reloads and restarts. The count of unsent answers is for
// the staff: a corner button held for a moment opens their panel.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { fmtTime, lang, setLang } from '../i18n';
import { closesLink, fetchSurvey, type Refusal, type SurveyDef } from '../publicsurvey/api';
import type { Flow } from '../publicsurvey/flow';
import { Closed, Page, Thanks } from '../publicsurvey/Frame';
import { Questionnaire } from '../publicsurvey/Questionnaire';
import { ps } from '../publicsurvey/strings';
import { KioskQueue, markClosed, recall, remember } from './store';
import { ks } from './strings';
import { startKioskUpdates, updateIfWaiting } from './updates';
import './kiosk.css';

/** How long the kiosk waits (ms). */
export const IDLE_MS = 60_000; // a started survey left alone is cleared
export const THANKS_MS = 6_000; // the thanks screen, then the next customer
const TAP_ON_MS = 1_500; // after this, a touch on the thanks screen moves on
const PANEL_MS = 30_000; // the staff panel closes by itself
const HOLD_MS = 1_500; // press and hold to open the staff panel
const RECHECK_MS = 5 * 60_000; // ask the server whether the point is still open

export function Kiosk({ token, def, closed }: { token: string; def?: SurveyDef; closed?: Refusal }) {
  const [survey, setSurvey] = useState<SurveyDef | undefined>(def);
  const [shut, setShut] = useState<Refusal | undefined>(closed);
  const queue = useMemo(() => new KioskQueue({ token, onClosed: setShut }), [token]);
  const [round, setRound] = useState(0); // one per customer: a new round starts blank
  const [thanks, setThanks] = useState(false);
  const [panel, setPanel] = useState(false);
  const [keepFull, setKeepFull] = useState(true);
  const started = useRef(false); // a customer has touched this round
  const panelOpen = useRef(false);
  panelOpen.current = panel;
  const lastCheck = useRef(Date.now());

  // keep the survey for starts with no network, or take the kept one
  useEffect(() => {
    void (async () => {
      if (def) return remember(token, def);
      const kept = await recall(token);
      if (!kept) return;
      setSurvey(kept.def);
      if (closed) await markClosed(token, closed);
      else setShut(kept.closed);
    })();
  }, [token]);

  useEffect(() => {
    queue.start();
    startKioskUpdates();
    return () => queue.stop();
  }, [queue]);

  const recheck = () => {
    if (!navigator.onLine || Date.now() - lastCheck.current < RECHECK_MS) return;
    lastCheck.current = Date.now();
    void fetchSurvey(token).then(async (res) => {
      if (res.kind === 'ok') {
        await remember(token, res.def);
        setSurvey(res.def);
        setShut(undefined);
        void queue.wake();
      } else if (res.kind === 'refused' && closesLink(res.refusal)) {
        await markClosed(token, res.refusal);
        setShut(res.refusal);
      }
    });
  };

  /** The next customer: nothing of the last one stays on screen. */
  const reset = () => {
    started.current = false;
    setThanks(false);
    setPanel(false);
    setRound((r) => r + 1);
    if (lang.value !== 'zh') setLang('zh');
    (document.activeElement as HTMLElement | null)?.blur?.();
    window.scrollTo(0, 0);
    updateIfWaiting();
    recheck();
  };

  // any touch or key restarts the idle countdown; a started survey (or an
  // open staff panel) is cleared when it runs out
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (started.current || panelOpen.current) reset();
        else recheck();
        arm();
      }, IDLE_MS);
    };
    const events = ['pointerdown', 'keydown', 'input'] as const;
    for (const e of events) document.addEventListener(e, arm, true);
    arm();
    return () => {
      clearTimeout(timer);
      for (const e of events) document.removeEventListener(e, arm, true);
    };
  }, []);

  useEffect(() => {
    if (!thanks) return;
    const timer = setTimeout(reset, THANKS_MS);
    return () => clearTimeout(timer);
  }, [thanks]);

  // the wake lock keeps the screen on while the kiosk is shown
  useEffect(() => {
    let lock: WakeLockSentinel | null = null;
    const take = () => {
      if (document.visibilityState === 'visible') void navigator.wakeLock?.request('screen').then((l) => (lock = l)).catch(() => {});
    };
    take();
    document.addEventListener('visibilitychange', take);
    return () => {
      document.removeEventListener('visibilitychange', take);
      void lock?.release();
    };
  }, []);

  // full screen comes back with the next touch (browsers allow it only then)
  const full = () => {
    if (keepFull && !document.fullscreenElement && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen({ navigationUI: 'hide' }).catch(() => {});
    }
  };

  const thanksAt = useRef(0);
  const done = async (f: Flow) => {
    await queue.add(f.answers, f.comment);
    thanksAt.current = Date.now();
    setThanks(true);
  };

  let body;
  if (shut) body = <Closed refusal={shut} />;
  else if (!survey) body = <p class="ps-screen muted" role="status">{ps('loading')}</p>;
  else if (thanks) {
    // a touch on the thanks screen starts the next customer (not the taps that sent it)
    body = <div onPointerDown={() => Date.now() - thanksAt.current > TAP_ON_MS && reset()}><Thanks /></div>;
  }
  else {
    body = (
      <div onPointerDown={() => (started.current = true)} onKeyDown={() => (started.current = true)}>
        <Questionnaire key={round} def={survey} onDone={(f) => void done(f)} />
      </div>
    );
  }
  return (
    <div class="kiosk" data-testid="kiosk" data-round={round} onPointerDownCapture={full}>
      <Page def={survey} extra={<StaffButton onOpen={() => setPanel(true)} />}>{body}</Page>
      {panel && (
        <StaffPanel
          queue={queue} keepFull={keepFull} onClose={() => setPanel(false)}
          onFull={(on) => {
            setKeepFull(on);
            if (!on && document.fullscreenElement) void document.exitFullscreen().catch(() => {});
          }}
        />
      )}
    </div>
  );
}

/** A quiet corner button: held for a moment (touch, mouse, or Enter/Space), it opens the staff panel. */
function StaffButton({ onOpen }: { onOpen: () => void }) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const hold = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(onOpen, HOLD_MS);
  };
  const release = () => clearTimeout(timer.current);
  return (
    <button
      type="button" class="kiosk-staff" aria-label={ks('staff')} title={ks('staff')} data-testid="kiosk-staff"
      onPointerDown={hold} onPointerUp={release} onPointerLeave={release} onPointerCancel={release}
      onKeyDown={(e) => { if ((e.key === 'Enter' || e.key === ' ') && !e.repeat) { e.preventDefault(); hold(); } }}
      onKeyUp={release} onContextMenu={(e) => e.preventDefault()}
    >
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" fill="currentColor">
        <circle cx="5" cy="12" r="2" /><circle cx="12" cy="12" r="2" /><circle cx="19" cy="12" r="2" />
      </svg>
    </button>
  );
}

function useOnline() {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

function StaffPanel({ queue, keepFull, onClose, onFull }: {
  queue: KioskQueue; keepFull: boolean; onClose: () => void; onFull: (on: boolean) => void;
}) {
  const online = useOnline();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    void queue.count();
    const timer = setTimeout(onClose, PANEL_MS);
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', esc);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('keydown', esc);
    };
  }, []);
  const n = queue.waiting.value;
  const refused = queue.refused.value;
  const last = queue.lastSent.value;
  return (
    <div class="modal" role="dialog" aria-modal="true" aria-labelledby="kiosk-panel-title">
      <div class="card kiosk-panel" data-testid="kiosk-panel">
        <h2 id="kiosk-panel-title" tabIndex={-1} ref={heading}>{ks('panelTitle')}</h2>
        <p class="kiosk-count" data-testid="kiosk-waiting" data-count={n} role="status">{n ? ks('waiting', { n }) : ks('allSent')}</p>
        {refused.length > 0 && (
          <>
            <p class="error">{ks('refused', { n: refused.length })}</p>
            <ul class="kiosk-refused">{refused.slice(0, 3).map((q) => <li key={q.id}>{q.refused}</li>)}</ul>
          </>
        )}
        <p>{online ? ks('online') : ks('offline')}</p>
        {queue.wait.value === 'rate' && <p class="muted">{ks('rateWait')}</p>}
        {queue.wait.value === 'closed' && <p class="muted">{ks('closedWait')}</p>}
        {last !== null && <p class="muted">{ks('lastSent', { t: fmtTime(new Date(last).toISOString()) })}</p>}
        <p class="muted">{ks('hint')}</p>
        <div class="form-actions">
          <button type="button" onClick={() => void queue.wake()} data-testid="kiosk-send">{ks('sendNow')}</button>
          <button type="button" onClick={() => onFull(!keepFull)}>{keepFull ? ks('exitFullscreen') : ks('fullscreen')}</button>
          <button type="button" class="primary" onClick={onClose}>{ks('close')}</button>
        </div>
      </div>
    </div>
  );
}
