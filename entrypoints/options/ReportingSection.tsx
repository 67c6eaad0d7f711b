/** Placeholder until its owner fills it in. */
export function ReportingSection() {
  return null;
}
