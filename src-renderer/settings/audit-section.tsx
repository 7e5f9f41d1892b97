// Settings → The station checks itself: the audit share (0 turns the audit off), whether an open
// drift flag holds back auto-approval, and the audit's recorded rule with its seed (shown, never set).
import { useEffect, useState } from 'react';
import { auditRuleText } from '../../src-shared/audit.ts';
import { useStation } from '../station-context.tsx';
import type { SectionProps } from './settings-fields.tsx';
import { Section } from './settings-section.tsx';
import { useDraft } from './use-draft.ts';

function percentShare(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new Error('The audit share must be a percent from 0 to 100.');
  return Math.round(n * 100) / 10_000;
}

export function AuditSection({ settings, save }: SectionProps) {
  const { client } = useStation();
  const draft = useDraft({ share: String(+(settings.auditShare * 100).toFixed(2)), protect: settings.protectOnDrift });
  const [seed, setSeed] = useState<string | null>(null);
  useEffect(() => {
    client.call('getStationHealth', {}).then(
      (h) => setSeed(h.audit.seed),
      () => setSeed(null),
    );
  }, [client]);
  return (
    <Section
      title="The station checks itself"
      id="audit"
      onSave={() => draft.commit((d) => save({ auditShare: percentShare(d.share), protectOnDrift: d.protect }))}
      note="A share of the photos the station would auto-approve goes to Review marked “Audit”; History shows how often they were wrong. 0 turns the audit off."
    >
      <label>
        Audit share (%){' '}
        <input
          type="number"
          min={0}
          max={100}
          step={0.5}
          value={draft.value.share}
          onChange={(e) => {
            const share = e.target.value;
            draft.set((d) => ({ ...d, share }));
          }}
          data-testid="audit-share-input"
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={draft.value.protect}
          onChange={(e) => {
            const protect = e.target.checked;
            draft.set((d) => ({ ...d, protect }));
          }}
          data-testid="protect-on-drift"
        />{' '}
        While a drift flag is open, send the photos it would auto-approve to Review
      </label>
      <p className="note" data-testid="audit-rule-setting">
        {seed ? auditRuleText(seed) : 'This station has no audit seed: nothing is audited.'}
      </p>
    </Section>
  );
}
