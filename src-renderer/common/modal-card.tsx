// A card over the screen that takes the keyboard until it closes: a click outside dismisses it, a
// click inside does not. A form when it has a submit action, so Enter submits.
import type { FormEvent, KeyboardEvent, ReactNode } from 'react';

export function ModalCard({
  className,
  titleId,
  testId,
  onDismiss,
  onKeyDown,
  onSubmit,
  children,
}: {
  className?: string;
  /** The id of the heading that names it. */
  titleId: string;
  testId: string;
  /** Undefined while it must stay open (a request in flight). */
  onDismiss: (() => void) | undefined;
  onKeyDown(e: KeyboardEvent): void;
  onSubmit?: (e: FormEvent) => void;
  children: ReactNode;
}) {
  const props = {
    className: className ? `card ${className}` : 'card',
    role: 'dialog',
    'aria-modal': true,
    'aria-labelledby': titleId,
    'data-testid': testId,
    onClick: (e: { stopPropagation(): void }) => e.stopPropagation(),
    onKeyDown,
  } as const;
  return (
    <div className="overlay" onClick={onDismiss}>
      {onSubmit ? (
        <form {...props} onSubmit={onSubmit}>
          {children}
        </form>
      ) : (
        <div {...props}>{children}</div>
      )}
    </div>
  );
}
