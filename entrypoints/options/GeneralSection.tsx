/** Placeholder until its owner fills it in. */
export function GeneralSection() {
  return null;
}
