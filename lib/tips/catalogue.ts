/*
 * Typed, read-only access to the tip catalogue (seeds/tips.json) and the known-services catalogue
 * (seeds/services.json). Framework-free and browser-free: the background, the popup, the guide and the
 * ranking engine all read tips and classify hosts through this module.
 */
import servicesData from '../../seeds/services.json';
import tipsData from '../../seeds/tips.json';
import type {
  Audience,
  ReferenceKind,
  SavingEstimate,
  SavingQuantity,
  Service,
  ServiceCategory,
  ServicesSeed,
  SignalId,
  SignalUnit,
  Signals,
  Tip,
  TipsSeed,
} from './types';

export type * from './types';

/** The unit of each signal. A tip's trigger must use its signal's unit (checked by the schema and tests). */
export const SIGNAL_UNITS: Readonly<Record<SignalId, SignalUnit>> = Object.freeze({
  video_bytes_share: 'ratio',
  video_minutes_day: 'min',
  visio_minutes_day: 'min',
  genai_visits_day: 'count',
  page_bytes: 'B',
  open_tabs: 'count',
  autoplay_media: 'count',
  third_party_bytes_share: 'ratio',
  trackers_on_page: 'count',
  http_page: 'flag',
  download_bytes: 'B',
  oversized_images_bytes: 'B',
  uncompressed_text_bytes: 'B',
  uncacheable_static_count: 'count',
  font_files: 'count',
  third_party_domains: 'count',
  cloud_storage_visits_day: 'count',
  webmail_visits_day: 'count',
});

export const SIGNAL_IDS: readonly SignalId[] = Object.freeze(Object.keys(SIGNAL_UNITS) as SignalId[]);

export const AUDIENCES: readonly Audience[] = Object.freeze(['agent', 'elected', 'ambassador', 'webmaster'] as const);

export const SERVICE_CATEGORIES: readonly ServiceCategory[] = Object.freeze([
  'video',
  'visio',
  'genai',
  'tracker',
  'cloud_storage',
  'webmail',
] as const);

export const REFERENCE_KINDS: readonly ReferenceKind[] = Object.freeze([
  'rgesn-2024',
  'greenit-115',
  'ademe',
  'other',
] as const);

const SIGNAL_ID_SET: ReadonlySet<string> = new Set(SIGNAL_IDS);

export function isSignalId(value: string): value is SignalId {
  return SIGNAL_ID_SET.has(value);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/*
 * The casts are safe only because tests/unit/seeds/{tips,services}.test.ts validate both files against their
 * schemas and cross-check them (actions exist in strategy.json, units match signals, formulas parse). We do
 * not ship ajv to re-check files that are bundled at build time and cannot change at run time. Frozen so no
 * consumer edits the shared copy by accident.
 */
const tipsSeed = deepFreeze(tipsData as unknown as TipsSeed);
const servicesSeed = deepFreeze(servicesData as unknown as ServicesSeed);

/** Every tip, in catalogue order. */
export const tips: readonly Tip[] = tipsSeed.tips;

/** Every known service, sorted by domain. */
export const services: readonly Service[] = servicesSeed.services;

const tipsById = new Map<string, Tip>(tips.map((tip) => [tip.id, tip]));

export function getTip(id: string): Tip | undefined {
  return tipsById.get(id);
}

export function tipsForAudience(audience: Audience): Tip[] {
  return tips.filter((tip) => tip.audiences.includes(audience));
}

/**
 * Tips that cite this action number exactly. With `includeSubactions`, "36" also returns the tips that cite
 * only "36.1", which is what the guide wants when it lists an action with its sub-actions.
 */
export function tipsForAction(number: string, options?: { includeSubactions?: boolean }): Tip[] {
  const prefix = `${number}.`;
  return tips.filter((tip) =>
    tip.actions.some((action) => action === number || (options?.includeSubactions === true && action.startsWith(prefix))),
  );
}

/**
 * Whether the tip's trigger is met: a general tip always is; a signal tip is when the signal is known and at
 * or above the threshold. An unknown (missing) signal never triggers: "not measured" is not "zero".
 */
export function triggerMet(tip: Tip, signals: Signals): boolean {
  const trigger = tip.trigger;
  if (trigger.signal === 'general') return true;
  const value = signals[trigger.signal];
  return value !== undefined && Number.isFinite(value) && value >= trigger.threshold;
}

// ---------------------------------------------------------------------------------------------------------
// Saving formulas: a deliberately tiny arithmetic language (numbers, identifiers, + - * /, parentheses, unary
// minus) so that the seed stays data, never code: no eval, no function calls, nothing a typo could turn into
// a call. Parsed once per formula and cached.

type Node =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'neg'; readonly operand: Node }
  | { readonly kind: 'bin'; readonly op: '+' | '-' | '*' | '/'; readonly left: Node; readonly right: Node };

export interface ParsedFormula {
  readonly quantity: SavingQuantity;
  readonly variables: readonly string[];
  readonly evaluate: (lookup: (name: string) => number | undefined) => number | undefined;
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:e[+-]?\d+)?)|([a-z_][a-z0-9_]*)|([-+*/()]))/y;

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (!match) throw new SyntaxError(`Unexpected character at ${start} in "${expression}"`);
    tokens.push(match[0].trim());
  }
  return tokens;
}

function parseExpression(expression: string): Node {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const next = (): string => {
    const token = tokens[position++];
    if (token === undefined) throw new SyntaxError(`Unexpected end of "${expression}"`);
    return token;
  };

  function primary(): Node {
    const token = next();
    if (token === '(') {
      const inner = sum();
      if (next() !== ')') throw new SyntaxError(`Missing ")" in "${expression}"`);
      return inner;
    }
    if (token === '-') return { kind: 'neg', operand: primary() };
    if (/^\d/.test(token)) return { kind: 'num', value: Number(token) };
    if (/^[a-z_]/.test(token)) return { kind: 'var', name: token };
    throw new SyntaxError(`Unexpected "${token}" in "${expression}"`);
  }
  function product(): Node {
    let node = primary();
    for (let op = peek(); op === '*' || op === '/'; op = peek()) {
      position++;
      node = { kind: 'bin', op, left: node, right: primary() };
    }
    return node;
  }
  function sum(): Node {
    let node = product();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      position++;
      node = { kind: 'bin', op, left: node, right: product() };
    }
    return node;
  }

  const tree = sum();
  if (position !== tokens.length) throw new SyntaxError(`Unexpected "${tokens[position]}" in "${expression}"`);
  return tree;
}

function collectVariables(node: Node, into: Set<string>): Set<string> {
  if (node.kind === 'var') into.add(node.name);
  else if (node.kind === 'neg') collectVariables(node.operand, into);
  else if (node.kind === 'bin') {
    collectVariables(node.left, into);
    collectVariables(node.right, into);
  }
  return into;
}

function evaluateNode(node: Node, lookup: (name: string) => number | undefined): number | undefined {
  switch (node.kind) {
    case 'num':
      return node.value;
    case 'var':
      return lookup(node.name);
    case 'neg': {
      const value = evaluateNode(node.operand, lookup);
      return value === undefined ? undefined : -value;
    }
    case 'bin': {
      const left = evaluateNode(node.left, lookup);
      const right = evaluateNode(node.right, lookup);
      if (left === undefined || right === undefined) return undefined;
      if (node.op === '+') return left + right;
      if (node.op === '-') return left - right;
      if (node.op === '*') return left * right;
      return left / right;
    }
  }
}

const formulaCache = new Map<string, ParsedFormula>();

/** Parses `bytes_saved = …` or `wh_saved = …`; throws a SyntaxError on anything else. */
export function parseFormula(formula: string): ParsedFormula {
  const cached = formulaCache.get(formula);
  if (cached) return cached;
  const match = /^\s*(bytes_saved|wh_saved)\s*=(.*)$/.exec(formula);
  if (!match || match[2] === undefined) throw new SyntaxError(`A formula starts with "bytes_saved =" or "wh_saved =": "${formula}"`);
  const tree = parseExpression(match[2]);
  const parsed: ParsedFormula = {
    quantity: match[1] as SavingQuantity,
    variables: [...collectVariables(tree, new Set())],
    evaluate: (lookup) => evaluateNode(tree, lookup),
  };
  formulaCache.set(formula, parsed);
  return parsed;
}

/**
 * The tip's expected saving for these signals: bytes not transferred or watt-hours not consumed (the caller
 * converts either to CO2e with its own pinned model). Undefined when the tip states no saving or when a signal
 * the formula needs is unknown. Clamped at zero: a formula that goes negative (signals below the factors'
 * assumptions) means "no saving here", never a cost the tip would advertise.
 */
export function estimateSaving(tip: Tip, signals: Signals): SavingEstimate | undefined {
  const saving = tip.saving;
  if (!saving) return undefined;
  const parsed = parseFormula(saving.formula);
  const factors = new Map(saving.factors.map((factor) => [factor.name, factor.value]));
  const value = parsed.evaluate((name) => {
    const factor = factors.get(name);
    if (factor !== undefined) return factor;
    return isSignalId(name) ? signals[name] : undefined;
  });
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return { quantity: parsed.quantity, value: Math.max(0, value) };
}

// ---------------------------------------------------------------------------------------------------------
// Known services.

const servicesByDomain = new Map<string, Service>(services.map((service) => [service.domain, service]));

/**
 * The known service a hostname belongs to, matched on whole labels: "rr3---sn-xyz.googlevideo.com" is
 * googlevideo.com, "notyoutube.com" is nothing. The longest listed suffix wins, so "mail.google.com" can be
 * webmail while "drive.google.com" is cloud storage. Accepts a trailing dot and a ":port"; IP literals and
 * anything that is not a hostname return undefined.
 */
export function serviceOf(hostname: string): Service | undefined {
  let host = hostname.trim().toLowerCase();
  if (host.startsWith('[') || host.includes('/')) return undefined; // IPv6 literal or a URL, not a hostname
  host = host.replace(/:\d+$/, '').replace(/\.$/, '');
  if (host === '' || host.includes(':')) return undefined;
  for (;;) {
    const service = servicesByDomain.get(host);
    if (service) return service;
    const dot = host.indexOf('.');
    if (dot < 0) return undefined;
    host = host.slice(dot + 1);
  }
}

/** Shorthand for `serviceOf(hostname)?.category`. */
export function categoryOf(hostname: string): ServiceCategory | undefined {
  return serviceOf(hostname)?.category;
}
