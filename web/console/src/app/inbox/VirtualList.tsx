/**
 * Fixed-row-height windowing: only the rows in (and just around) the viewport are in the DOM, so a
 * list of 100k conversations costs the same as one of 50. Calls onNearEnd to fetch the next page.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface VirtualListProps<T> {
  items: T[];
  rowHeight: number;
  overscan?: number;
  renderRow: (item: T, index: number, style: React.CSSProperties) => ReactNode;
  onNearEnd?: () => void;
  /** Index to keep visible (keyboard selection). */
  activeIndex?: number;
  label: string;
  footer?: ReactNode;
}

export function VirtualList<T>({
  items,
  rowHeight,
  overscan = 6,
  renderRow,
  onNearEnd,
  activeIndex,
  label,
  footer,
}: VirtualListProps<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    if (ref.current) setScrollTop(ref.current.scrollTop);
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);

  useEffect(() => {
    if (onNearEnd && last >= items.length - overscan * 2) onNearEnd();
  }, [last, items.length, onNearEnd, overscan]);

  useEffect(() => {
    const el = ref.current;
    if (!el || activeIndex == null || activeIndex < 0) return;
    const top = activeIndex * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight)
      el.scrollTop = top + rowHeight - el.clientHeight;
  }, [activeIndex, rowHeight]);

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++)
    rows.push(renderRow(items[i], i, { top: i * rowHeight, height: rowHeight }));
  return (
    <div className="vlist" ref={ref} onScroll={onScroll} tabIndex={-1}>
      <ul
        className="vlist-items"
        aria-label={label}
        style={{ height: items.length * rowHeight, position: 'relative' }}
      >
        {rows}
      </ul>
      {footer && <div style={{ minHeight: 48 }}>{footer}</div>}
    </div>
  );
}
