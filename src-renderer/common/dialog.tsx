// The one dialog of the screens: a native <dialog> opened with showModal, so the page behind it is
// inert (no click or screen reader reaches it) and it sits in the top layer. Tab and Shift+Tab
// wrap inside it; Escape or a click on the backdrop dismisses it (unless a request is in flight);
// on closing, focus goes back to where it was when the dialog opened. A form when it has a submit
// action, so Enter submits.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Dialog({
  role,
  className,
  titleId,
  testId,
  onDismiss,
  onKeyDown,
  onSubmit,
  children,
}: {
  /** 'alertdialog' for a question that interrupts the work. */
  role?: 'alertdialog';
  className?: string;
  /** The id of the heading that names it. */
  titleId: string;
  testId: string;
  /** Undefined while it must stay open (a request in flight). */
  onDismiss: (() => void) | undefined;
  onKeyDown?(e: KeyboardEvent): void;
  onSubmit?: (e: FormEvent) => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // Where focus was before the dialog rendered (its autoFocus field takes it during the commit).
  const [returnTo] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  const dismiss = useRef(onDismiss);
  dismiss.current = onDismiss;

  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    // autoFocus inside a dialog that opens after mount: focus it here.
    (dialog.querySelector<HTMLElement>('[autofocus], [data-autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE))?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (returnTo?.isConnected) returnTo.focus();
    };
  }, [returnTo]);

  const keyDown = (e: KeyboardEvent) => {
    if (e.key === 'Tab') {
      const all = [...ref.current!.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const [first, last] = [all[0], all.at(-1)];
      if (first && last && (e.shiftKey ? document.activeElement === first : document.activeElement === last)) {
        e.preventDefault();
        (e.shiftKey ? last : first).focus();
      }
    }
    onKeyDown?.(e);
  };

  const body = onSubmit ? (
    <form className="dialog-body" onSubmit={onSubmit}>
      {children}
    </form>
  ) : (
    <div className="dialog-body">{children}</div>
  );
  return (
    <dialog
      ref={ref}
      role={role}
      className={className ? `card ${className}` : 'card'}
      aria-labelledby={titleId}
      data-testid={testId}
      onKeyDown={keyDown}
      // Escape: the dialog's own cancel; it closes through the screen's state, never by itself.
      onCancel={(e) => {
        e.preventDefault();
        dismiss.current?.();
      }}
      // A click on the backdrop lands on the <dialog> itself; its content fills it.
      onClick={(e) => e.target === ref.current && dismiss.current?.()}
    >
      {body}
    </dialog>
  );
}
