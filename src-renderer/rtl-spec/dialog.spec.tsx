// The one Dialog: modal (showModal), Tab and Shift+Tab wrap inside it, Escape and the backdrop
// dismiss it, and focus goes back to where it was when it opened.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dialog } from '../common/dialog.tsx';

afterEach(cleanup);

function Opener({ onDismiss = () => {} }: { onDismiss?(): void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <Dialog
          titleId="t"
          testId="d"
          onDismiss={() => {
            onDismiss();
            setOpen(false);
          }}
        >
          <h2 id="t">Title</h2>
          <input aria-label="first" />
          <button type="button">last</button>
        </Dialog>
      )}
    </>
  );
}

async function openFromButton() {
  const opener = screen.getByRole('button', { name: 'Open' });
  opener.focus();
  fireEvent.click(opener);
  const dialog = await screen.findByTestId<HTMLDialogElement>('d');
  return { opener, dialog };
}

describe('Dialog', () => {
  it('opens modal, named by its heading, with focus inside', async () => {
    render(<Opener />);
    const { dialog } = await openFromButton();
    expect(dialog.open).toBe(true);
    expect(dialog.getAttribute('aria-labelledby')).toBe('t');
    expect(document.activeElement).toBe(screen.getByLabelText('first'));
  });

  it('keeps Tab and Shift+Tab inside', async () => {
    render(<Opener />);
    await openFromButton();
    const first = screen.getByLabelText('first');
    const last = screen.getByRole('button', { name: 'last' });
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
  });

  it('closes on Escape and gives focus back to what opened it', async () => {
    const dismissed = vi.fn();
    render(<Opener onDismiss={dismissed} />);
    const { opener, dialog } = await openFromButton();
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(dismissed).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('d')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('closes on a click on the backdrop, not on a click inside', async () => {
    const dismissed = vi.fn();
    render(<Opener onDismiss={dismissed} />);
    const { dialog } = await openFromButton();
    fireEvent.click(screen.getByLabelText('first'));
    expect(dismissed).not.toHaveBeenCalled();
    fireEvent.click(dialog);
    expect(dismissed).toHaveBeenCalledTimes(1);
  });
});
