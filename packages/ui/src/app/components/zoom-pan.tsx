import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';

const MIN_ZOOM = 0.2;
const MAX_ZOOM = 2.5;
const STEP = 1.25;
/** A drag shorter than this (px) is a click. */
const DRAG_THRESHOLD = 4;

const clamp = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

/**
 * A scrolling viewport for a drawing of `width` × `height` with zoom buttons (and + / − / 0 keys,
 * Ctrl+wheel), panned by dragging or scrolling. A drawing wider than the viewport opens zoomed
 * to fit its width, down to half size. `children` draws at the given zoom.
 */
export function ZoomPan({
  width,
  height,
  label,
  children,
}: {
  width: number;
  height: number;
  label: string;
  children(zoom: number): ReactNode;
}) {
  const viewport = useRef<HTMLElement>(null);
  const [zoom, setZoomState] = useState(1);
  /** The drawing point (as fractions) to keep under the viewport's centre after a zoom. */
  const anchor = useRef<{ x: number; y: number } | null>(null);
  const drag = useRef<{ x: number; y: number; left: number; top: number; moved: boolean } | null>(null);

  const fitZoom = () => {
    const element = viewport.current;
    if (!element || width === 0 || height === 0) return 1;
    return clamp(Math.min(1, element.clientWidth / width, element.clientHeight / height));
  };

  const setZoom = (next: number) => {
    const element = viewport.current;
    if (element) {
      anchor.current = {
        x: (element.scrollLeft + element.clientWidth / 2) / (width * zoom),
        y: (element.scrollTop + element.clientHeight / 2) / (height * zoom),
      };
    }
    setZoomState(clamp(next));
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: fits once, when the drawing first appears
  useLayoutEffect(() => {
    const element = viewport.current;
    if (element && width > element.clientWidth) setZoomState(Math.max(0.5, fitZoom()));
  }, []);

  useLayoutEffect(() => {
    const element = viewport.current;
    const point = anchor.current;
    if (!element || !point) return;
    anchor.current = null;
    element.scrollLeft = point.x * width * zoom - element.clientWidth / 2;
    element.scrollTop = point.y * height * zoom - element.clientHeight / 2;
  }, [zoom, width, height]);

  return (
    <div className="zoom-pan">
      <div className="zoom-toolbar" role="toolbar" aria-label={`Zoom the ${label}`}>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setZoom(zoom / STEP)}
          disabled={zoom <= MIN_ZOOM}
        >
          <span aria-hidden="true">−</span>
          <span className="visually-hidden">Zoom out</span>
        </button>
        <output className="zoom-level" aria-live="polite" data-testid="zoom-level">
          {Math.round(zoom * 100)}%
        </output>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setZoom(zoom * STEP)}
          disabled={zoom >= MAX_ZOOM}
        >
          <span aria-hidden="true">+</span>
          <span className="visually-hidden">Zoom in</span>
        </button>
        <button type="button" className="btn btn-small" onClick={() => setZoom(fitZoom())}>
          Fit
        </button>
        <button type="button" className="btn btn-small" onClick={() => setZoom(1)}>
          Actual size
        </button>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveElementInteractions: dragging pans; the toolbar and keys do the same for the keyboard */}
      <section
        className="zoom-viewport"
        ref={viewport}
        data-testid="zoom-viewport"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so the keyboard can scroll and zoom it
        tabIndex={0}
        aria-label={`${label}: drag or scroll to pan, + and − to zoom`}
        onKeyDown={(event) => {
          if (event.target !== event.currentTarget) return;
          if (event.key === '+' || event.key === '=') setZoom(zoom * STEP);
          else if (event.key === '-') setZoom(zoom / STEP);
          else if (event.key === '0') setZoom(fitZoom());
          else return;
          event.preventDefault();
        }}
        onWheel={(event) => {
          if (!(event.ctrlKey || event.metaKey)) return;
          event.preventDefault();
          setZoom(event.deltaY < 0 ? zoom * STEP : zoom / STEP);
        }}
        onPointerDown={(event) => {
          if (event.button !== 0 || event.pointerType === 'touch') return;
          const element = event.currentTarget;
          drag.current = {
            x: event.clientX,
            y: event.clientY,
            left: element.scrollLeft,
            top: element.scrollTop,
            moved: false,
          };
        }}
        onPointerMove={(event) => {
          const start = drag.current;
          if (!start) return;
          const dx = event.clientX - start.x;
          const dy = event.clientY - start.y;
          if (!start.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
          start.moved = true;
          event.currentTarget.classList.add('is-panning');
          event.currentTarget.scrollLeft = start.left - dx;
          event.currentTarget.scrollTop = start.top - dy;
        }}
        onPointerUp={(event) => {
          event.currentTarget.classList.remove('is-panning');
          // A drag is not a click on what it started on: the click that follows is dropped.
          if (drag.current?.moved) {
            const element = event.currentTarget;
            const swallow = (click: MouseEvent) => click.stopPropagation();
            element.addEventListener('click', swallow, { capture: true, once: true });
            window.setTimeout(() => element.removeEventListener('click', swallow, { capture: true }), 0);
          }
          drag.current = null;
        }}
        onPointerLeave={(event) => {
          event.currentTarget.classList.remove('is-panning');
          drag.current = null;
        }}
      >
        {children(zoom)}
      </section>
    </div>
  );
}
