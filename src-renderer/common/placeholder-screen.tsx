// A screen whose issue has not landed yet: says so plainly instead of showing made-up numbers.
const WHAT: Record<string, string> = {
  picklists: 'Printable per-category pick lists with warehouse locations, barcodes and a PDF copy.',
  history: 'Charts of daily volume, success rate, category mix, confidence bands and review rates.',
  alerts: 'The alert list with severity, time and acknowledge.',
  settings: 'Station folder, batch time, thresholds, warehouse locations, webhook and clerks.',
};

export function PlaceholderScreen({ route }: { route: string }) {
  return (
    <section className="placeholder" aria-labelledby="ph-title">
      <h1 id="ph-title">Not built yet</h1>
      <p>{WHAT[route] ?? ''}</p>
      <p className="muted">This screen arrives with its own issue; nothing here is fake data.</p>
    </section>
  );
}
