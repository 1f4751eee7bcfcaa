import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { DEMO_TENANT, GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { freePort, ManagedProcess, ROOT, startBotProcess, startPlayground } from '../../scripts/demo';
import { DEMO_IDENTITY } from '../../scripts/playground-config';
import { Locale } from '../../src/i18n/locale';
import { MessageParams, t } from '../../src/steps/texts';
import { articleSteps } from '../support/article-steps';
import { stepHeading } from '../../src/closure/step-heading';

/**
 * A whole closure of the demo tenant ("Contoso Italia", admin Mario Rossi) clicked through in a real
 * browser: Debian chromium (headless, loopback only) drives the Microsoft 365 Agents Playground,
 * which talks to the built bot (a child process, DEV_FORCE_LOCALE set because the playground always
 * sends en-US), which talks to the Graph simulator running in this process. The admin-center parts
 * (cancelling and deleting subscriptions) are done through the simulator. Every card is saved to
 * artifacts/screenshots/<locale>/NN-<name>.png. See test/browser/README.md.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CARD_TIMEOUT = 30_000;

interface LocaleCase {
  tag: string;
  lang: Locale;
  command: string;
  /** A few literal words each card must show, so a silent fallback to English can't pass. */
  literal: { start: string; acknowledge: string; complete: string };
}

const CASES: LocaleCase[] = [
  { tag: 'en-US', lang: 'en', command: 'close account', literal: { start: 'Start', acknowledge: 'I have saved the backup', complete: 'Ready for the final deletion' } },
  { tag: 'it-IT', lang: 'it', command: 'chiudi account', literal: { start: 'Inizia', acknowledge: 'Ho salvato il backup', complete: "Pronta per l'eliminazione finale" } },
  { tag: 'fr-FR', lang: 'fr', command: 'fermer le compte', literal: { start: 'Commencer', acknowledge: "J'ai enregistré la sauvegarde", complete: 'Prête pour la suppression finale' } },
];

const run = process.env.BROWSER_E2E === '1' ? describe : describe.skip;

run.each(CASES)('closure in the Agents Playground ($tag)', ({ tag, lang, command, literal }) => {
  const shotsDir = join(ROOT, 'artifacts', 'screenshots', tag);
  const logsDir = join(ROOT, 'artifacts', 'browser-logs', tag);
  let stateDir: string;
  let profileDir: string;
  let sim: GraphSimulator | undefined;
  let bot: ManagedProcess | undefined;
  let playground: ManagedProcess | undefined;
  let ctx: BrowserContext | undefined;
  let page: Page;
  let shotNumber = 0;
  const blocked: string[] = [];

  const tr = (key: string, params: MessageParams = {}) => t(lang, key, params);
  const organization = DEMO_TENANT.displayName;
  const domain = DEMO_TENANT.initialDomain;
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  // Microsoft's numbering and titles, from the vendored article (not from the catalogs under test).
  const article = articleSteps(lang);
  async function expectArticleStep(card: Locator, n: number): Promise<void> {
    const shown = norm(await card.innerText());
    expect(shown).toMatch(new RegExp(`${article.word} ${n} \\p{L}+ 5 · `, 'u'));
    expect(shown).toContain(article.titles[n]);
  }

  beforeAll(async () => {
    rmSync(shotsDir, { recursive: true, force: true });
    mkdirSync(shotsDir, { recursive: true });
    rmSync(logsDir, { recursive: true, force: true });
    mkdirSync(logsDir, { recursive: true });
    stateDir = mkdtempSync(join(tmpdir(), 'closure-browser-state-'));
    profileDir = mkdtempSync(join(tmpdir(), 'closure-browser-profile-'));

    sim = await startGraphSimulator({ scenarios: ['demo'], latency: { fixedMs: 5, jitterMs: 5 } });
    bot = await startBotProcess({
      graphUrl: sim.url,
      port: await freePort(),
      output: join(logsDir, 'bot.log'),
      env: { STATE_STORE: 'file', STATE_DIR: stateDir, DEV_FORCE_LOCALE: tag, LOG_LEVEL: 'info' },
    });
    playground = await startPlayground({
      botUrl: bot.url,
      port: await freePort(),
      dir: join(logsDir, 'playground'),
      identity: DEMO_IDENTITY,
      output: join(logsDir, 'playground.log'),
    });

    ctx = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      // Tall enough that the longest card fits the chat pane (an element screenshot can't see past it).
      viewport: { width: 1280, height: 1800 },
      locale: tag,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      ],
    });
    // Loopback only: the playground's web fonts and CDN worklet are refused (the UI falls back).
    await ctx.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (['127.0.0.1', 'localhost'].includes(url.hostname) || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      blocked.push(url.hostname);
      return route.abort();
    });
    page = ctx.pages()[0] ?? (await ctx.newPage());
  });

  afterAll(async () => {
    // Every process stops, pass or fail; one failing stop doesn't keep the others running.
    const stops: Array<[string, () => Promise<unknown>]> = [
      ['browser', async () => ctx?.close()],
      ['playground', async () => playground?.stop()],
      ['bot', async () => bot?.stop()],
      ['simulator', async () => sim?.close()],
    ];
    for (const [, stop] of stops) await stop().catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(profileDir, { recursive: true, force: true });
  });

  /** Saves the card (or the whole page) as NN-name.png. */
  async function shot(name: string, target?: Locator): Promise<void> {
    shotNumber += 1;
    const path = join(shotsDir, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
    if (target) await target.screenshot({ path, animations: 'disabled' });
    else await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  }

  const cards = () => page.locator('.ac-adaptiveCard');
  const button = (scope: Locator | Page, title: string) => scope.getByRole('button', { name: title, exact: true });

  /**
   * The same card by its position in the chat, whatever it shows next: a clicked card is replaced in
   * place (and updated in place by the bot), new messages only come after it.
   */
  async function pin(card: Locator): Promise<Locator> {
    const index = await card.evaluate((el) => Array.from(document.querySelectorAll('.ac-adaptiveCard')).indexOf(el));
    return cards().nth(index);
  }

  /** The last card on screen that has a button titled `title`. */
  async function cardWithButton(title: string, timeout = CARD_TIMEOUT): Promise<Locator> {
    const card = cards()
      .filter({ has: button(page, title) })
      .last();
    await card.waitFor({ state: 'visible', timeout });
    return pin(card);
  }

  /** The last card showing `text`, waiting up to `timeout`. */
  async function cardWithText(text: string, timeout = CARD_TIMEOUT): Promise<Locator> {
    const card = cards().filter({ hasText: text }).last();
    await card.waitFor({ state: 'visible', timeout });
    return pin(card);
  }

  /** Waits until one of `titles` is a button on some card; returns the title and the card. */
  async function firstButtonOf(titles: string[], timeout = CARD_TIMEOUT): Promise<{ title: string; card: Locator }> {
    const deadline = Date.now() + timeout;
    for (;;) {
      for (const title of titles) {
        const card = cards()
          .filter({ has: button(page, title) })
          .last();
        if ((await card.count()) > 0 && (await card.isVisible())) return { title, card: await pin(card) };
      }
      if (Date.now() > deadline) throw new Error(`None of the buttons ${titles.map((x) => `"${x}"`).join(', ')} appeared within ${timeout / 1000} s`);
      await page.waitForTimeout(200);
    }
  }

  async function expectText(card: Locator, ...texts: string[]): Promise<void> {
    const shown = norm(await card.innerText());
    for (const text of texts) expect(shown).toContain(norm(text));
  }

  /** Clicks `title` on `card` and waits for the card's text to change (the invoke's answer replacing it). */
  async function clickAndWait(card: Locator, title: string): Promise<void> {
    const before = norm(await card.innerText());
    await button(card, title).click();
    const deadline = Date.now() + CARD_TIMEOUT;
    while (Date.now() < deadline) {
      const now = await card.innerText().catch(() => '');
      if (norm(now) !== before) return;
      await page.waitForTimeout(150);
    }
    throw new Error(`Clicking "${title}" did not change the card within ${CARD_TIMEOUT / 1000} s`);
  }

  it('says the close command, then clicks through every step to the summary', async () => {
    try {
      await page.goto(playground!.url + '/', { waitUntil: 'networkidle' });
      const compose = page.getByRole('textbox').first();
      await compose.waitFor({ state: 'visible' });

      // The welcome card the bot sends when the playground installs it.
      const welcome = await cardWithText(tr('welcome.title'), 10_000);
      await expectText(welcome, tr('welcome.commandsTitle'), tr('commands.close.name'));
      await shot('welcome', welcome);

      // Overview: what closing removes, and Start.
      await compose.click();
      await page.keyboard.type(command);
      await page.keyboard.press('Enter');
      let card = await cardWithButton(tr('overview.start'));
      await expectText(card, tr('overview.title', { organization }), tr('overview.stepsTitle'), literal.start);
      await shot('overview', card);
      await button(card, tr('overview.start')).click();

      // Before you begin (no number): inventory and backup, with download links.
      card = await cardWithButton(tr('closure.action.acknowledgeBackup'));
      await expectText(card, article.beforeYouBegin, tr('closure.action.downloadJson'), tr('closure.action.downloadCsv'), literal.acknowledge);
      expect(norm(await card.innerText())).not.toMatch(new RegExp(`${article.word} \\d`, 'u'));
      await shot('backup', card);
      await clickAndWait(card, tr('closure.action.acknowledgeBackup'));

      // Step 1: approve the deletion of every user but the admin by typing the initial domain.
      card = await cardWithButton(tr('closure.action.deleteUsers'));
      await card.locator('input').first().waitFor();
      await expectArticleStep(card, 1);
      await expectText(card, tr('closure.step.users.title'), tr('closure.step.users.approve'), tr('closure.confirm.label', { domain }));
      await shot('users-approve', card);
      // An empty answer is refused by the card itself (isRequired): no invoke, an error under the field.
      await button(card, tr('closure.action.deleteUsers')).click();
      await expectText(card, tr('closure.confirm.error', { domain }));
      await shot('users-approve-empty', card);
      await card.locator('input').first().fill(domain);
      await clickAndWait(card, tr('closure.action.deleteUsers'));

      // Step 2: cancel subscriptions in the admin center (the simulator), then "Check again".
      const cancelTitle = tr('closure.step.cancelSubscriptions.title');
      card = await cardWithText(cancelTitle, 60_000);
      card = await cardWithButton(tr('closure.action.checkAgain'));
      await expectText(card, cancelTitle, tr('closure.step.cancelSubscriptions.waiting'));
      await expectArticleStep(card, 2);
      await shot('subscriptions-cancel', card);
      expect(sim!.inspect(DEMO_TENANT.tenantId).users.map((u) => u.id)).toEqual([DEMO_TENANT.adminId]);
      // The proactive "step done" message for the users arrives in the chat while the page is open.
      const usersDone = await cardWithText(tr('closure.notify.stepCompleted.title', { step: stepHeading(lang, 'users') }));
      await shot('notice-users-done', usersDone);

      const admin = sim!.admin(DEMO_TENANT.tenantId);
      for (const s of sim!.inspect(DEMO_TENANT.tenantId).subscriptions) if (s.status === 'Enabled' || s.status === 'Warning') admin.cancelSubscription(s.id);
      await clickAndWait(card, tr('closure.action.checkAgain'));

      // Step 3: delete the disabled subscriptions (deprovisioned 72 simulated hours later), "Check again".
      const deleteTitle = tr('closure.step.deleteSubscriptions.title');
      card = await cardWithText(deleteTitle);
      card = await cardWithButton(tr('closure.action.checkAgain'));
      await expectText(card, deleteTitle, tr('closure.step.deleteSubscriptions.waiting'));
      await expectArticleStep(card, 3);
      await shot('subscriptions-delete', card);
      for (const s of sim!.inspect(DEMO_TENANT.tenantId).subscriptions) if (s.status !== 'Deleted') admin.deleteSubscription(s.id);
      admin.advanceHours(73);
      await clickAndWait(card, tr('closure.action.checkAgain'));

      // Steps 4 and 5: MFA (may continue by itself), then what still blocks the directory's deletion.
      const goOnVerbs = ['continue', 'deleteApplications', 'deleteServicePrincipals', 'purgeDeletedUsers'];
      const goOn = goOnVerbs.map((v) => tr(`closure.action.${v}`));
      const complete = tr('closure.action.complete');
      const seen = new Set<string>();
      for (let i = 0; i < 8; i++) {
        const next = await firstButtonOf([complete, ...goOn]);
        if (next.title === complete) break;
        const text = norm(await next.card.innerText());
        const name = text.includes(norm(article.titles[4])) ? 'mfa' : 'directory';
        await expectArticleStep(next.card, name === 'mfa' ? 4 : 5);
        const key = `${name}-${next.title}`;
        const verb = goOnVerbs[goOn.indexOf(next.title)].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        // Emptying the recycle bin ends the 30-day restore: it asks for the typed initial domain.
        if (next.title === tr('closure.action.purgeDeletedUsers')) await next.card.locator('input[type="text"]').first().fill(domain);
        if (!seen.has(key)) await shot(`${name}-${verb}`, next.card);
        seen.add(key);
        await clickAndWait(next.card, next.title);
      }

      // The final confirmation: tick each check the bot cannot see, then type the initial domain to record the decision.
      card = await cardWithButton(complete);
      await card.locator('input[type="text"]').first().waitFor();
      await expectText(card, tr('closure.step.directory.confirm'));
      await expectArticleStep(card, 5);
      await shot('directory-confirm', card);
      for (const box of await card.locator('input[type="checkbox"]').all()) await box.check();
      await card.locator('input[type="text"]').first().fill(domain);
      await button(card, complete).click();

      // The summary.
      // The proactive notice carries the same title ("Ready for the final deletion"): find the summary by its own text.
      card = await cardWithText(tr('closure.finished.completedText'));
      await expectText(card, literal.complete, tr('closure.finished.completedText'));
      expect(await card.getByRole('button').filter({ hasText: complete }).count()).toBe(0);
      await shot('summary', card);
      const notice = await cardWithText(tr('closure.notify.closureCompleted.title')).catch(() => undefined);
      if (notice) await shot('notice-complete', notice);
      await shot('chat');

      const inspection = sim!.inspect(DEMO_TENANT.tenantId);
      expect(inspection.users.map((u) => u.id)).toEqual([DEMO_TENANT.adminId]);
      expect(inspection.violations).toEqual([]);
      // No failed turn or other error in the bot's log (pino: level 50 and above).
      const errors = readFileSync(join(logsDir, 'bot.log'), 'utf8')
        .split('\n')
        .filter((line) => /"level":(5\d|60)/.test(line));
      expect(errors).toEqual([]);
    } catch (error) {
      await shot('failure').catch(() => undefined);
      throw error;
    }
  });
});
