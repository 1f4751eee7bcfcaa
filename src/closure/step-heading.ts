import { ARTICLE_STEP_COUNT, articleStepOf, StepId } from '../core';
import { Locale } from '../i18n/locale';
import { t } from '../steps/texts';

/**
 * Steps are numbered as in Microsoft's article "Close your account": "Before you begin" has no
 * number, then "Step 1 of 5" … "Step 5 of 5" with the article's titles. Every card, notice and
 * summary names a step through these two functions, so they cannot disagree.
 */

/** "Step 1 of 5" (it: "Passaggio 1 di 5", fr: "Étape 1 sur 5"), or undefined for "Before you begin". */
export function stepNumberLabel(locale: Locale, stepId: StepId): string | undefined {
  const number = articleStepOf(stepId);
  return number === undefined ? undefined : t(locale, 'closure.stepNumber', { number, total: ARTICLE_STEP_COUNT });
}

/** "Step 1: Delete users", or "Before you begin" as the article writes it. */
export function stepHeading(locale: Locale, stepId: StepId): string {
  const title = t(locale, `closure.step.${stepId}.title`);
  const number = articleStepOf(stepId);
  return number === undefined ? title : t(locale, 'closure.stepHeading', { number, title });
}
