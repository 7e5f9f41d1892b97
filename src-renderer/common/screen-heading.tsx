// A screen's title. When the clerk moves to another screen (a sidebar link, a toast, the hash),
// focus lands on the new screen's heading, so a screen reader reads where they are and Tab starts
// from the top of it. A first load keeps the screen's own first focus (Intake's return-id field).
import { useEffect, useRef, type ReactNode } from 'react';

let focusNextHeading = false;

/** The route changed: the next heading to mount takes focus. */
export function markScreenChange(): void {
  focusNextHeading = true;
}

export function ScreenHeading({ id, children }: { id: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focusNextHeading) return;
    focusNextHeading = false;
    ref.current?.focus();
  }, []);
  return (
    <h1 id={id} ref={ref} tabIndex={-1} data-testid="screen-heading">
      {children}
    </h1>
  );
}
