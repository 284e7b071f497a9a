// What every admin screen shares: the mall being managed and the way back.
import type { LocalRecord } from '../db';
import { useLive } from '../live';
import { useEffect, useState } from 'preact/hooks';
import { myMalls, pickedMall, pickMall } from './store';
import { ta } from './strings';

/** The admin's malls and the one chosen (remembered across screens). */
export function useMall(): [LocalRecord[], string, (id: string) => void] {
  const malls = useLive(myMalls, [], [] as LocalRecord[]);
  const [mall, setMall] = useState('');
  useEffect(() => {
    if (!malls.some((m) => m.id === mall)) setMall(pickedMall(malls));
  }, [malls]);
  return [malls, mall, (id: string) => { pickMall(id); setMall(id); }];
}

export function MallPicker({ malls, mall, onPick }: { malls: LocalRecord[]; mall: string; onPick: (id: string) => void }) {
  if (malls.length < 2) {
    const m = malls[0];
    return m ? <p class="muted">{String(m.name)}（{String(m.code)}）</p> : null;
  }
  return (
    <label>
      {ta('mall')}
      <select value={mall} onChange={(e) => onPick((e.target as HTMLSelectElement).value)} data-testid="admin-mall">
        {malls.map((m) => <option key={m.id} value={m.id}>{String(m.name)}（{String(m.code)}）</option>)}
      </select>
    </label>
  );
}

export function Back() {
  return <a class="button back" href="#/admin">‹ {ta('admin')}</a>;
}
