import type { ClosureView, GraphErrorInfo, StepId } from '../core';
import type { CloudProfile } from '../config/clouds';
import { MessageParams } from '../i18n/translate';

export type NoticeTone = 'default' | 'good' | 'warning' | 'attention';

/** A short localized message: a refusal, an error, or information. */
export interface NoticeReply {
  kind: 'notice';
  tone: NoticeTone;
  titleKey: string;
  textKey: string;
  params?: MessageParams;
  /** Someone's own words (a rejection's reason), shown as plain text under the message, never as Markdown. */
  quote?: string;
  /** One button that opens a page (e.g. the admin-consent page). */
  link?: { labelKey: string; url: string };
  /** The sign-in this turn carried cannot be used (Entra refused it): the admin must sign in afresh. */
  endsSignIn?: boolean;
  /**
   * A Graph request failed: the presenter words the text from it (what is wrong, what to do), with
   * `textKey` as the wording for a transient failure.
   */
  failure?: GraphErrorInfo;
}

export interface OverviewStep {
  id: StepId;
  status: 'notStarted' | 'locked' | 'active' | 'waiting' | 'running' | 'done' | 'cancelled';
}

/** The "close account" overview: what will be removed and where the procedure stands. */
export interface OverviewReply {
  kind: 'overview';
  tenantId: string;
  organization: string;
  initialDomain: string;
  counts: { users: number; subscriptions: number; applications: number };
  steps: OverviewStep[];
  /** Who started the running closure, when one exists. */
  runningSince?: { owner: string; at: string };
  /** Four eyes: 'offered' when the starting admin may ask for two approvers, 'required' when the deployment's minimum is two. */
  fourEyes?: 'offered' | 'required';
  actions: Array<{ labelKey: string; verb: string; data: Record<string, unknown>; primary?: boolean }>;
}

/** What the card needs beyond the core's view: where links point, and a message to show on top. */
export interface ClosureCardContext {
  links: CloudProfile['links'];
  /** Signed download links of the backup export, when the admin may download it now. */
  backupLinks?: { json: string; csv: string };
  /** A finished closure's audit report: entries and whether the hash chain verifies. */
  audit?: { entries: number; valid: boolean };
  /** The tenant's admin-consent page, offered when a step failed for a permission consent grants. */
  consentUrl?: string;
  /** A refusal or an error to show above the step (e.g. "this card is out of date"). */
  notice?: { key: string; params?: MessageParams; tone: 'attention' | 'warning' | 'good'; quote?: string };
}

/** The current card of a running (or ended) closure. */
export interface ClosureReply {
  kind: 'closure';
  view: ClosureView;
  context: ClosureCardContext;
}

/**
 * The app cannot act in the tenant until a Global Administrator grants admin consent: no consent at
 * all (`missing` empty), or declared scopes the tenant has not granted. Offers the consent page and
 * "Check again"; nothing else moves until consent is in place.
 */
export interface ConsentReply {
  kind: 'consent';
  /** Declared scopes the tenant has not granted; empty when the app has no consent at all. */
  missing: string[];
  /** Every scope the app declares (listed, with what each is for, when none is granted). */
  declared: string[];
  /** The tenant's admin-consent page in its cloud; absent for the simulator's static tokens. */
  url?: string;
}

export type BotReply = NoticeReply | OverviewReply | ClosureReply | ConsentReply;

export const notice = (tone: NoticeTone, titleKey: string, textKey: string, params?: MessageParams): NoticeReply => ({
  kind: 'notice',
  tone,
  titleKey,
  textKey,
  params,
});
