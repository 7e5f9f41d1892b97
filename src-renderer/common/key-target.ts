// Whether a key press belongs to the element that has focus rather than to a screen's own keys
// (Review's decisions, Intake's hand-off to the return-id field).

/** Text fields, lists and anything editable take every key (typing "n" in a name must not open a
 * dialog; an arrow on a closed list changes the list, never files a decision); a focused button,
 * link or summary takes Enter and Space (it is pressed, not the screen's accept or defer). */
export function keyBelongsToTarget(key: string, t: { tagName?: string; isContentEditable?: boolean } | null): boolean {
  if (!t) return false;
  if (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable === true) return true;
  return (t.tagName === 'BUTTON' || t.tagName === 'A' || t.tagName === 'SUMMARY') && (key === 'Enter' || key === ' ');
}
