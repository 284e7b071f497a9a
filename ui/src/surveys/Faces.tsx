// The 1–5 answer scale as large faces with the domain's labels (ScaleLabels).
import { label } from '../i18n';
import { scaleScores } from '../domain';

const colors: Record<number, string> = { 1: '#b71c1c', 2: '#d84315', 3: '#8d6e00', 4: '#33691e', 5: '#1b5e20' };

/** A face drawn for a score: the mouth turns from down (1) to up (5). Decoration only. */
export function Face({ score, size = 48 }: { score: number; size?: number }) {
  const curve = (score - 3) * 4; // -8 … +8
  return (
    <svg class="face" width={size} height={size} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="22" fill={colors[score]} />
      <circle cx="16" cy="19" r="3" fill="#fff" />
      <circle cx="32" cy="19" r="3" fill="#fff" />
      <path d={`M14 ${32 - curve / 2} Q24 ${32 + curve} 34 ${32 - curve / 2}`} stroke="#fff" stroke-width="3.5" fill="none" stroke-linecap="round" />
    </svg>
  );
}

/** Five big buttons, best at the top; the chosen one is pressed. */
export function FacePicker({ value, onPick, labelledBy }: { value?: number; onPick: (n: number) => void; labelledBy: string }) {
  return (
    <div class="faces" role="group" aria-labelledby={labelledBy}>
      {scaleScores().reverse().map((n) => (
        <button key={n} type="button" class={'face-btn' + (value === n ? ' on' : '')} aria-pressed={value === n} onClick={() => onPick(n)} data-score={n}>
          <Face score={n} />
          <span class="face-label">{label('scale', String(n))}</span>
          <span class="face-n" aria-hidden="true">{n}</span>
        </button>
      ))}
    </div>
  );
}
