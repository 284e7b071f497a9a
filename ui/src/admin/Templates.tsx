// 检查表与问卷: the inspection checklists and satisfaction surveys of the
// mall, edited on the phone with a preview. The manual's shared defaults
// are copied into the mall to be adapted; a saved change applies to new
// inspections and surveys only (the server snapshots a checklist into each
// inspection; a response keeps its answers and verdict).
import { useState } from 'preact/hooks';
import type { LocalRecord } from '../db';
import { inspection, options, terms } from '../domain';
import { newId } from '../ids';
import { label, lang } from '../i18n';
import { useLive } from '../live';
import { go } from '../router';
import { Back, MallPicker, useMall } from './common';
import { records, save } from './store';
import { ta } from './strings';

interface Item { id: string; section: string; text: string; weight: number; photo_required: boolean }
interface Question { id: string; text: string; overall?: boolean }
type Kind = 'inspection' | 'survey';
const collection = (k: Kind): 'inspection_templates' | 'survey_templates' => (k === 'inspection' ? 'inspection_templates' : 'survey_templates');

export function Templates() {
  const [malls, mall, setMall] = useMall();
  const insp = useLive(() => records('inspection_templates'), [], [] as LocalRecord[]);
  const surv = useLive(() => records('survey_templates'), [], [] as LocalRecord[]);
  const mine = (list: LocalRecord[]) => list.filter((t) => !t.mall || t.mall === mall).sort((a, b) => Number(!!a.mall) - Number(!!b.mall) || String(a.name).localeCompare(String(b.name)));
  const copy = async (k: Kind, t: LocalRecord) => {
    const data: Record<string, unknown> = { mall, name: String(t.name) + (lang.value === 'en' ? ' (copy)' : '（本店）'), active: true };
    if (k === 'inspection') data.items = t.items;
    else Object.assign(data, { kind: t.kind, questions: t.questions });
    const id = await save(collection(k), null, data);
    go(`/admin/templates/${k}/${id}`);
  };
  const list = (k: Kind, items: LocalRecord[], title: string) => (
    <div class="card" role="region" aria-labelledby={'tpl-' + k}>
      <h2 id={'tpl-' + k}>{title}</h2>
      <ul class="rows" data-testid={'templates-' + k}>
        {items.map((t) => (
          <li key={t.id} data-testid="template-row" data-name={String(t.name)}>
            <div class="row-line">
              <strong>{String(t.name)}</strong>
              <span class="status">{t.mall ? ta('ownTpl') : ta('shared')}</span>
              {k === 'survey' && <span class="muted">{label('survey_kind', t.kind)}</span>}
              <span class={'tag ' + (t.active ? 'ok' : 'wait')}>{t.active ? ta('activeTpl') : ta('inactive')}</span>
            </div>
            <div class="row-actions">
              {t.mall
                ? <a class="button" href={`#/admin/templates/${k}/${t.id}`} data-testid="edit-template">{ta('edit')}</a>
                : <button onClick={() => copy(k, t)} data-testid="copy-template">{ta('copyDefault')}</button>}
            </div>
          </li>
        ))}
      </ul>
      <a class="button" href={`#/admin/templates/${k}/new`}>＋ {ta('newTemplate')}</a>
    </div>
  );
  return (
    <section aria-labelledby="templates-title" class="admin">
      <Back />
      <h1 id="templates-title">{ta('templates')}</h1>
      <MallPicker malls={malls} mall={mall} onPick={setMall} />
      <p class="muted">{ta('snapshotNote')}</p>
      {list('inspection', mine(insp), ta('inspectionTemplates'))}
      {list('survey', mine(surv), ta('surveyTemplates'))}
    </section>
  );
}

export function TemplateEditor({ kind, id }: { kind: Kind; id: string }) {
  const [, mall] = useMall();
  const tpl = useLive(() => (id === 'new' ? Promise.resolve(null) : records(collection(kind)).then((l) => l.find((t) => t.id === id) ?? null)), [kind, id], undefined as LocalRecord | null | undefined);
  if (tpl === undefined) return <p class="muted">{ta('loading')}</p>;
  return <Editor key={tpl?.id ?? 'new'} kind={kind} tpl={tpl} mall={String(tpl?.mall || mall)} />;
}

function Editor({ kind, tpl, mall }: { kind: Kind; tpl: LocalRecord | null; mall: string }) {
  const [name, setName] = useState(String(tpl?.name ?? ''));
  const [active, setActive] = useState(tpl ? !!tpl.active : true);
  const [items, setItems] = useState<Item[]>(() => (tpl?.items as Item[] | undefined)?.map((i) => ({ ...i })) ?? [{ id: 'i-' + newId(6), section: '', text: '', weight: 1, photo_required: false }]);
  const [questions, setQuestions] = useState<Question[]>(() => (tpl?.questions as Question[] | undefined)?.map((q) => ({ ...q })) ?? [{ id: 'overall', text: '', overall: true }]);
  const [surveyKind, setSurveyKind] = useState(String(tpl?.kind ?? 'customer'));
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  const readOnly = !!tpl && !tpl.mall;

  const problem = (): string => {
    if (kind === 'inspection') {
      if (!items.length) return ta('needOne');
      const bad = items.findIndex((i) => !i.text.trim() || !(i.weight > 0 && i.weight <= inspection.maxItemWeight));
      return bad >= 0 ? ta('badItem', { n: bad + 1 }) : '';
    }
    if (!questions.length) return ta('needOne');
    const bad = questions.findIndex((q) => !q.text.trim());
    if (bad >= 0) return ta('badQuestion', { n: bad + 1 });
    return questions.filter((q) => q.overall).length > 1 ? ta('oneOverall') : '';
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const p = problem();
    setError(p);
    if (p) return;
    const data: Record<string, unknown> = { name: name.trim(), active };
    if (!tpl) data.mall = mall;
    if (kind === 'inspection') data.items = items.map((i) => ({ ...i, section: i.section.trim(), text: i.text.trim(), weight: Number(i.weight) }));
    else Object.assign(data, { kind: surveyKind, questions: questions.map((q) => ({ id: q.id, text: q.text.trim(), ...(q.overall ? { overall: true } : {}) })) });
    const id = await save(collection(kind), tpl?.id ?? null, data);
    setSaved(true);
    if (!tpl) go(`/admin/templates/${kind}/${id}`);
  };
  const move = <T,>(list: T[], i: number, d: number) => {
    const out = [...list];
    const [x] = out.splice(i, 1);
    out.splice(i + d, 0, x);
    return out;
  };
  const setItem = (i: number, patch: Partial<Item>) => { setSaved(false); setItems(items.map((x, j) => (j === i ? { ...x, ...patch } : x))); };
  const setQ = (i: number, patch: Partial<Question>) => { setSaved(false); setQuestions(questions.map((x, j) => (j === i ? { ...x, ...patch } : patch.overall ? { ...x, overall: false } : x))); };
  const total = items.reduce((n, i) => n + (Number(i.weight) || 0), 0);

  return (
    <section aria-labelledby="editor-title" class="admin">
      <a class="button back" href="#/admin/templates">‹ {ta('templates')}</a>
      <h1 id="editor-title">{kind === 'inspection' ? ta('inspectionTemplates') : ta('surveyTemplates')}</h1>
      {readOnly && <p class="warn">{ta('readOnlyShared')}</p>}
      <form onSubmit={submit} data-testid="template-editor">
        <fieldset disabled={readOnly}>
          <label>{ta('tplName')} <input name="name" required maxLength={100} value={name} onInput={(e) => { setSaved(false); setName(e.currentTarget.value); }} /></label>
          <label class="check"><input type="checkbox" checked={active} onChange={(e) => { setSaved(false); setActive(e.currentTarget.checked); }} />{ta('active_')}</label>
          {kind === 'survey' && (
            <label>{ta('kind')}
              <select value={surveyKind} onChange={(e) => setSurveyKind((e.target as HTMLSelectElement).value)}>
                {options('survey_kind').map((k) => <option key={k} value={k}>{label('survey_kind', k)}</option>)}
              </select>
            </label>
          )}
          {kind === 'inspection' ? (
            <fieldset>
              <legend>{ta('items')} · {ta('totalWeight', { n: total })}</legend>
              {items.map((it, i) => (
                <div class="item-edit" key={it.id} data-testid="item-edit">
                  <div class="grid2">
                    <label>{ta('section')} <input value={it.section} onInput={(e) => setItem(i, { section: e.currentTarget.value })} data-testid="item-section" /></label>
                    <label>{ta('weight')} <input type="number" min={0.5} max={inspection.maxItemWeight} step="0.5" value={it.weight}
                      onInput={(e) => setItem(i, { weight: Number(e.currentTarget.value) })} data-testid="item-weight" /></label>
                  </div>
                  <label>{ta('text')} <textarea rows={2} value={it.text} onInput={(e) => setItem(i, { text: e.currentTarget.value })} data-testid="item-text" /></label>
                  <label class="check"><input type="checkbox" checked={it.photo_required} onChange={(e) => setItem(i, { photo_required: e.currentTarget.checked })} />{ta('photoOnFail')}</label>
                  <div class="row-actions">
                    <button type="button" disabled={i === 0} onClick={() => setItems(move(items, i, -1))} aria-label={`${ta('moveUp')} ${i + 1}`}>↑</button>
                    <button type="button" disabled={i === items.length - 1} onClick={() => setItems(move(items, i, 1))} aria-label={`${ta('moveDown')} ${i + 1}`}>↓</button>
                    <button type="button" class="danger" onClick={() => setItems(items.filter((_, j) => j !== i))}>{ta('removeItem')}</button>
                  </div>
                </div>
              ))}
              <button type="button" onClick={() => setItems([...items, { id: 'i-' + newId(6), section: items.at(-1)?.section ?? '', text: '', weight: 1, photo_required: false }])} data-testid="add-item">＋ {ta('addItem')}</button>
            </fieldset>
          ) : (
            <fieldset>
              <legend>{ta('questions')}</legend>
              {questions.map((q, i) => (
                <div class="item-edit" key={q.id}>
                  <label>{ta('question')} {i + 1} <input value={q.text} onInput={(e) => setQ(i, { text: e.currentTarget.value })} /></label>
                  <label class="check"><input type="radio" name="overall" checked={!!q.overall} onChange={() => setQ(i, { overall: true })} />{ta('overall')}</label>
                  <button type="button" class="danger" onClick={() => setQuestions(questions.filter((_, j) => j !== i))}>{ta('removeItem')}</button>
                </div>
              ))}
              <button type="button" onClick={() => setQuestions([...questions, { id: 'q-' + newId(6), text: '' }])}>＋ {ta('addQuestion')}</button>
            </fieldset>
          )}
        </fieldset>
        {error && <p class="error" role="alert">{error}</p>}
        {saved && <p class="ok-text" role="status" data-testid="template-saved">✓ {ta('saved')}</p>}
        {!readOnly && <button class="primary wide" type="submit" data-testid="save-template">{ta('saveTemplate')}</button>}
      </form>
      <div class="card preview" role="region" aria-labelledby="preview-title" data-testid="template-preview">
        <h2 id="preview-title">{ta('preview')}</h2>
        <p class="muted">{ta('previewHint')}</p>
        <h3>{name || '—'}</h3>
        {kind === 'inspection' ? <ItemsPreview items={items} /> : (
          <ol>
            {questions.map((q) => (
              <li key={q.id}>{q.text || '—'}{q.overall ? ` （${ta('overall')}）` : ''}
                <div class="muted">{terms.scale.map((s) => `${s.code} ${lang.value === 'en' ? s.en : s.zh}`).join(' · ')}</div>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

function ItemsPreview({ items }: { items: Item[] }) {
  const sections: [string, Item[]][] = [];
  for (const it of items) {
    const last = sections.at(-1);
    if (last && last[0] === it.section) last[1].push(it);
    else sections.push([it.section, [it]]);
  }
  return (
    <>
      {sections.map(([s, list], i) => (
        <div key={i}>
          <h4>{s || '—'}</h4>
          <ol>{list.map((it) => <li key={it.id}>{it.text || '—'} <span class="muted">（{ta('weight')} {it.weight}{it.photo_required ? ' · ' + ta('photoOnFail') : ''}）</span></li>)}</ol>
        </div>
      ))}
    </>
  );
}
