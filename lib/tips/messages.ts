/*
 * Payloads and replies of the tips messages (lib/messaging/protocol.ts names them), and the checks the background
 * runs on every payload before it touches storage. The content script's findings come from pages we do not
 * trust; the extension pages' requests are checked too, so a bug in a page cannot write a malformed state.
 */
import { ANSWERS, type Answer } from './engine';
import type { PageFindings } from './signals';
import type { LocalizedText, SavingEstimate, SignalId, SignalUnit, Tip } from './types';

export type { PageFindings };

/** The tip the popup shows for a tab, with what triggered it. Null: no tip applies (all answered, or none fits). */
export interface TipView {
  tipId: string;
  /** The signal that triggered it and its value; absent for a tip that follows the person's role. */
  signal?: { id: SignalId; value: number; threshold: number; unit: SignalUnit };
  saving?: SavingEstimate;
}

/** A tip as the popup renders it: the catalogue entry and the text of the actions it serves (the popup bundles neither seed). */
export interface TipCardData extends TipView {
  tip: Tip;
  actions: { number: string; text: LocalizedText }[];
}

/** The person's tip state as extension pages need it (the guide's answers, charter, role-free). */
export interface TipStateView {
  answers: Record<string, Answer>;
  guideOpened: boolean;
  charterAcknowledged: boolean;
}

export interface AnswerRequest {
  tipId: string;
  /** null withdraws the answer: the tip may be suggested again. */
  answer: Answer | null;
}

const MAX_URL = 8_192;
const TIP_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < 2 ** 40;
}

/** Findings of the page's DOM, or null when the message is not exactly that. */
export function parseFindings(data: unknown): PageFindings | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const { url, autoplayMedia, oversizedImages, oversizedImageBytes } = data as Record<string, unknown>;
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL) return null;
  if (!isCount(autoplayMedia) || autoplayMedia > 10_000) return null;
  if (!isCount(oversizedImages) || oversizedImages > 100_000 || !isCount(oversizedImageBytes)) return null;
  return { url, autoplayMedia, oversizedImages, oversizedImageBytes };
}

export function isTipId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && TIP_ID.test(value);
}

/** An answer request, or null. The tip id must also exist in the catalogue: the caller checks that. */
export function parseAnswerRequest(data: unknown): AnswerRequest | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const { tipId, answer } = data as Record<string, unknown>;
  if (!isTipId(tipId)) return null;
  if (answer !== null && !ANSWERS.includes(answer as Answer)) return null;
  return { tipId, answer: answer as Answer | null };
}
