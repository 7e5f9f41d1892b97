// Intake: scan the return id, photograph the item (webcam, or drop/pick a file), see the category
// at once and correct it with one key; today's list grows as photos arrive from any source. State
// and requests live in useIntake; this screen lays them out and keeps the focus model.
//
// Focus model: the return-id field is focused by default and a keyboard-wedge scan lands there.
// After a capture, focus moves to the prediction so the digit keys correct it; any other character
// typed anywhere on the screen outside a field (the next scan starting) goes into the field, so the
// clerk never has to click. Shift+1..4 grade the photo shown from anywhere on the screen (a return id
// never holds the characters they type).
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { categoryForDigit } from '../common/category-keys.ts';
import { ConditionControls } from '../common/condition-controls.tsx';
import { Dialog } from '../common/dialog.tsx';
import { ExpectedLine, MismatchPanel } from '../common/expected-return.tsx';
import { gradeForKey } from '../common/grade-keys.ts';
import { useCondition } from '../common/use-condition.ts';
import { keyBelongsToTarget } from '../common/key-target.ts';
import { ScreenHeading } from '../common/screen-heading.tsx';
import { useCategories, useStation } from '../station-context.tsx';
import { CameraPanel, type CameraHandle } from './camera-panel.tsx';
import { PredictionPanel } from './prediction-panel.tsx';
import { TodayList } from './today-list.tsx';
import { useIntake } from './use-intake.ts';

const CAPTURE_HINT = 'Capture: Ctrl+Enter';

export function IntakeScreen() {
  const categories = useCategories();
  const intake = useIntake();
  const { current, askReuse, message, shown, busy } = intake;
  const field = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const predictionRef = useRef<HTMLDivElement>(null);
  const camera = useRef<CameraHandle>(null);
  const [text, setText] = useState('');
  const [dragging, setDragging] = useState(false);
  const { clerk } = useStation();
  const condition = useCondition(shown?.item ?? null, clerk || 'intake');
  const expectedFor = current?.returnId ?? shown?.item.returnId ?? null;

  // One-key correction: once a new prediction is on screen, the digits go to it (the focus model).
  useEffect(() => {
    if (shown?.seq) predictionRef.current?.focus();
  }, [shown?.seq]);

  async function captureNow() {
    if (!busy) await intake.saveCapture((await camera.current?.capture()) ?? null);
  }
  // Ctrl+Enter captures and Shift+1..4 grade from anywhere on this screen (preventDefault keeps a
  // grade key's character out of the return-id field; the hand-off below leaves grade keys alone).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && e.ctrlKey) {
        e.preventDefault();
        void captureNow();
      }
      const grade = gradeForKey(e);
      if (grade && shown && !askReuse) {
        e.preventDefault();
        void condition.setGrade(grade);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  function onPredictionKey(e: ReactKeyboardEvent) {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const category = categoryForDigit(e.key, categories);
    if (!category) return;
    e.preventDefault();
    void intake.correct(category).then((ok) => ok && field.current?.focus());
  }

  /** The next scan has started outside the field: hand the character to it. */
  function handOffToField(e: ReactKeyboardEvent) {
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || e.key.length !== 1 || gradeForKey(e)) return;
    if (keyBelongsToTarget(e.key, e.target as HTMLElement) || askReuse) return;
    e.preventDefault();
    setText((t) => t + e.key);
    field.current?.focus();
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length) void intake.addFiles(e.dataTransfer.files);
  };

  return (
    <section
      className={dragging ? 'intake dragging' : 'intake'}
      aria-labelledby="intake-title"
      onKeyDown={handOffToField}
      onDragOver={(e) => (e.preventDefault(), setDragging(true))}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <header className="screen-header">
        <ScreenHeading id="intake-title">Intake</ScreenHeading>
      </header>
      <div className="intake-grid">
        <div className="intake-left">
          <form
            className="scan-form"
            onSubmit={(e) => {
              e.preventDefault();
              intake.scan(text);
              setText('');
            }}
          >
            <label htmlFor="return-id">Return id</label>
            <input
              id="return-id"
              ref={field}
              autoFocus
              autoComplete="off"
              spellCheck={false}
              placeholder="Scan or type a return id, then Enter"
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="return-id"
            />
          </form>
          <p className="current-return" data-testid="current-return">
            {current ? (
              <>
                Photographing <strong>{current.returnId}</strong>
              </>
            ) : (
              <span className="muted">No return scanned: photos are saved without a return id.</span>
            )}
          </p>
          {message && (
            <p
              className={message.kind === 'error' ? 'message error' : 'message'}
              role={message.kind === 'error' ? 'alert' : 'status'}
              data-testid="intake-message"
            >
              {message.text}
            </p>
          )}
          {askReuse && (
            <Dialog
              role="alertdialog"
              titleId="reuse-q"
              testId="reuse-dialog"
              onDismiss={() => (intake.answerReuse(false), field.current?.focus())}
            >
              <p id="reuse-q">
                <strong>{askReuse}</strong> already has a photo today. Add another photo for it?
              </p>
              <div className="row">
                <button type="button" autoFocus onClick={() => (intake.answerReuse(true), field.current?.focus())}>
                  Yes, same return
                </button>
                <button type="button" onClick={() => (intake.answerReuse(false), field.current?.focus())}>
                  No
                </button>
              </div>
            </Dialog>
          )}
          <CameraPanel ref={camera} onCaptureKeyHint={CAPTURE_HINT} />
          <div className="row">
            <button type="button" className="primary" onClick={() => void captureNow()} disabled={busy} data-testid="capture">
              {busy ? 'Saving…' : 'Capture photo'}
            </button>
            <button type="button" onClick={() => fileInput.current?.click()} data-testid="add-files">
              Add photo files…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept="image/jpeg,image/png,image/webp"
              multiple
              hidden
              data-testid="file-pick"
              onChange={(e) => {
                if (e.target.files) void intake.addFiles(e.target.files);
                e.target.value = '';
              }}
            />
            <span className="muted">or drop photos anywhere on this screen</span>
          </div>
        </div>
        <div className="intake-right">
          <PredictionPanel
            ref={predictionRef}
            item={shown?.item ?? null}
            categories={categories}
            onKeyDown={onPredictionKey}
            onPick={(c) => void intake.correct(c)}
          />
          {expectedFor && <ExpectedLine returnId={expectedFor} />}
          {shown && (
            <>
              <MismatchPanel item={shown.item} />
              <ConditionControls condition={condition} />
            </>
          )}
          <TodayList items={intake.today} onSelect={intake.show} />
        </div>
      </div>
    </section>
  );
}
