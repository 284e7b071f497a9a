// The 1–5 answer scale as faces with the domain's labels (ScaleLabels): one
// drawing and one picker for the staff phone's survey and the public page.
import { label } from '../i18n';
import { scaleScores } from '../domain';

const colours: Record<number, string> = { 1: '#b71c1c', 2: '#c45100', 3: '#8a6a00', 4: '#33691e', 5: '#1b5e20' };

/** A face drawn for a score: the mouth turns from a frown (1) to a smile (5). Decoration only. */
export function Face({ score, size = 48 }: { score: number; size?: number }) {
  const bend = (score - 3) * 4; // the control point sets the curve: -8 … +8
  return (
    <svg class="face" width={size} height={size} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="22" fill={colours[score]} />
      <circle cx="16" cy="19" r="3" fill="#fff" />
      <circle cx="32" cy="19" r="3" fill="#fff" />
      <path d={`M14 ${32 - bend / 2} Q24 ${32 + bend} 34 ${32 - bend / 2}`} stroke="#fff" stroke-width="3.5" fill="none" stroke-linecap="round" />
    </svg>
  );
}

interface PickerProps {
  value?: number;
  onPick: (n: number) => void;
  labelledBy: string;
  /** list: best at the top, one per line (staff phone); row: 1…5 left to right (public page). */
  layout?: 'list' | 'row';
  /** The button's accessible name, when the visible label alone is not enough. */
  name?: (n: number, text: string) => string;
}

/** Five big buttons; the chosen one is pressed. */
export function FacePicker({ value, onPick, labelledBy, layout = 'list', name }: PickerProps) {
  const scores = layout === 'list' ? scaleScores().reverse() : scaleScores();
  return (
    <div class={'faces ' + layout} role="group" aria-labelledby={labelledBy} data-testid="faces">
      {scores.map((n) => {
        const text = label('scale', String(n));
        return (
          <button key={n} type="button" class={'face-btn' + (value === n ? ' on' : '')} aria-pressed={value === n}
            aria-label={name?.(n, text)} data-score={n} onClick={() => onPick(n)}>
            <Face score={n} />
            <span class="face-label">{text}</span>
            {layout === 'list' && <span class="face-n" aria-hidden="true">{n}</span>}
          </button>
        );
      })}
    </div>
  );
}
