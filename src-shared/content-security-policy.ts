// The renderer's Content-Security-Policy, one string for both ways the screens are served: the
// Electron shell sets it on every response of its session, browser mode sends it as a header.
// Nothing inline, nothing remote; photos come from the app's own photo scheme, blob: or data:.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' station-photo: blob: data:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');
