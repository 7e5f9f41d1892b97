// In-app toasts (bottom right): batch results in browser mode, save errors, confirmations.
import { useStation } from '../station-context.tsx';

export function Toasts({ onOpen }: { onOpen(route: string): void }) {
  const { toasts, dismissToast } = useStation();
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} data-testid="toast">
          <button
            type="button"
            className="toast-body"
            onClick={() => {
              if (t.opens) onOpen(t.opens);
              dismissToast(t.id);
            }}
          >
            <strong>{t.title}</strong>
            {t.body && <span>{t.body}</span>}
          </button>
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
