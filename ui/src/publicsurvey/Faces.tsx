// The 1–5 answer scale as five large faces, each a button with its label
// (domain.ScaleLabels): a frown at 1, a broad smile at 5.
import { label } from '../i18n';
import { scores } from './api';
import { ps } from './strings';

const colours = ['#b3261e', '#c45100', '#8a6a00', '#3f7d20', '#1e6b34'];

function Face({ score }: { score: number }) {
  // mouth: from a frown (1) to a smile (5); the control point sets the curve
  const bend = (score - 3) * 7;
  return (
    <svg viewBox="0 0 64 64" aria-hidden="true" class="face-svg">
      <circle cx="32" cy="32" r="29" fill={colours[score - 1]} />
      <circle cx="22" cy="26" r="4.2" fill="#fff" />
      <circle cx="42" cy="26" r="4.2" fill="#fff" />
      <path d={`M18 ${44 - bend / 3} Q32 ${44 + bend} 46 ${44 - bend / 3}`} stroke="#fff" stroke-width="4.5" fill="none" stroke-linecap="round" />
    </svg>
  );
}

export function Faces({ value, onPick, labelledBy }: { value?: number; onPick: (n: number) => void; labelledBy: string }) {
  return (
    <div class="faces" role="group" aria-labelledby={labelledBy} data-testid="faces">
      {scores.map((n) => {
        const text = label('scale', String(n));
        return (
          <button
            key={n} type="button" class={'face' + (value === n ? ' on' : '')} aria-pressed={value === n}
            aria-label={ps('score', { n, label: text })} data-score={n} onClick={() => onPick(n)}
          >
            <Face score={n} />
            <span class="face-label">{text}</span>
          </button>
        );
      })}
    </div>
  );
}
