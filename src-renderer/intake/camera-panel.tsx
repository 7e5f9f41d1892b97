// Live webcam preview, device choice and capture. The capture is a JPEG of the full video frame;
// the parent saves it through the core's savePhoto. No camera or a refused permission is said in
// words, and the clerk can still drop or pick a photo file instead.
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';

export interface CameraHandle {
  /** A JPEG of the current frame, or null when there is no live picture. */
  capture(): Promise<Uint8Array<ArrayBuffer> | null>;
}

type CamState = { kind: 'starting' } | { kind: 'live'; label: string } | { kind: 'error'; message: string };

const DEVICE_KEY = 'rs_camera';

function explain(e: unknown): string {
  const name = (e as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return 'Camera permission was denied. Allow the camera for Returns Station, or drop photo files here instead.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return 'No camera found. Connect a webcam, or drop photo files here instead.';
  if (name === 'NotReadableError') return 'The camera is in use by another program.';
  return `The camera could not start: ${(e as Error)?.message ?? String(e)}`;
}

export const CameraPanel = forwardRef<CameraHandle, { onCaptureKeyHint: string }>(function CameraPanel({ onCaptureKeyHint }, ref) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CamState>({ kind: 'starting' });
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState(() => localStorage.getItem(DEVICE_KEY) ?? '');

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    const media = navigator.mediaDevices;
    if (!media?.getUserMedia) {
      setState({ kind: 'error', message: 'This window has no camera access (camera needs the app or a 127.0.0.1 page).' });
      return;
    }
    setState({ kind: 'starting' });
    media
      .getUserMedia({
        video: deviceId
          ? { deviceId: { exact: deviceId }, width: { ideal: 1280 }, height: { ideal: 960 } }
          : { width: { ideal: 1280 }, height: { ideal: 960 } },
        audio: false,
      })
      .then(async (s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          await video.current.play().catch(() => {});
        }
        setState({ kind: 'live', label: s.getVideoTracks()[0]?.label ?? 'camera' });
        setDevices((await media.enumerateDevices()).filter((d) => d.kind === 'videoinput'));
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        // A remembered camera that is gone: fall back to the default one.
        if (deviceId && (e as { name?: string }).name === 'OverconstrainedError') return setDeviceId('');
        setState({ kind: 'error', message: explain(e) });
      });
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [deviceId]);

  const capture = useCallback(async () => {
    const v = video.current;
    if (!v || state.kind !== 'live' || !v.videoWidth) return null;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')!.drawImage(v, 0, 0);
    const blob = await new Promise<Blob | null>((res) => canvas.toBlob(res, 'image/jpeg', 0.92));
    return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
  }, [state.kind]);
  useImperativeHandle(ref, () => ({ capture }), [capture]);

  return (
    <div className="camera">
      <div className="camera-view">
        <video ref={video} muted playsInline aria-label="Camera preview" data-testid="camera-preview" />
        {state.kind !== 'live' && (
          <div
            className={state.kind === 'error' ? 'camera-message error' : 'camera-message'}
            role={state.kind === 'error' ? 'alert' : undefined}
            data-testid="camera-message"
          >
            {state.kind === 'error' ? state.message : 'Starting camera…'}
          </div>
        )}
      </div>
      <div className="row camera-controls">
        <label>
          Camera{' '}
          <select
            value={deviceId}
            onChange={(e) => {
              localStorage.setItem(DEVICE_KEY, e.target.value);
              setDeviceId(e.target.value);
            }}
            disabled={devices.length === 0}
          >
            <option value="">Default camera</option>
            {devices.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {d.label || `Camera ${i + 1}`}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">{onCaptureKeyHint}</span>
      </div>
    </div>
  );
});
