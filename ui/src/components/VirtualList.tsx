import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Renders only the rows near the viewport (fixed row height), so a list of
 * thousands scrolls as smoothly as a list of ten. The page itself scrolls.
 */
export function VirtualList<T>({ items, rowHeight, render, label }: {
  items: T[];
  rowHeight: number;
  render: (item: T, index: number) => ComponentChildren;
  label: string;
}) {
  const ref = useRef<HTMLUListElement>(null);
  const [range, setRange] = useState<[number, number]>([0, 30]);
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const el = ref.current;
      if (!el) return;
      const top = el.getBoundingClientRect().top;
      const first = Math.max(0, Math.floor(-top / rowHeight) - 8);
      const count = Math.ceil(window.innerHeight / rowHeight) + 16;
      setRange((r) => (r[0] === first && r[1] === first + count ? r : [first, first + count]));
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [rowHeight, items.length]);
  const [from, to] = range;
  const shown = items.slice(from, Math.min(items.length, to));
  return (
    <ul ref={ref} class="vlist" aria-label={label} style={{ height: items.length * rowHeight + 'px' }}>
      {shown.map((item, i) => (
        <li key={from + i} style={{ transform: `translateY(${(from + i) * rowHeight}px)`, height: rowHeight + 'px' }}>
          {render(item, from + i)}
        </li>
      ))}
    </ul>
  );
}
