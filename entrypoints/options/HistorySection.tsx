/** Placeholder until its owner fills it in. */
export function HistorySection() {
  return null;
}
