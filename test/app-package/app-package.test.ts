import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { buildPackage, fillPlaceholders, validateAppFiles, withCloudValues } from '../../scripts/app-package';

const APP_DIR = join(__dirname, '..', '..', 'appPackage');
const VALUES = {
  TEAMS_APP_ID: '6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  BOT_ID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  BOT_DOMAIN: 'closure-bot.example.net',
  AAD_APP_CLIENT_ID: '7c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f',
  APP_NAME_SUFFIX: '',
};

function png(file: string): { width: number; height: number } {
  const data = readFileSync(join(APP_DIR, file));
  expect(data.subarray(1, 4).toString()).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('Teams app package', () => {
  it('validates offline against the bundled manifest and localization schemas', async () => {
    const manifest = fillPlaceholders(readFileSync(join(APP_DIR, 'manifest.json'), 'utf8'), withCloudValues(VALUES));
    const localizations = Object.fromEntries(['it.json', 'fr.json'].map((f) => [f, readFileSync(join(APP_DIR, f), 'utf8')]));
    expect(await validateAppFiles(manifest, localizations)).toEqual([]);
  });

  it('reports schema errors instead of packaging an invalid manifest', async () => {
    const manifest = JSON.parse(fillPlaceholders(readFileSync(join(APP_DIR, 'manifest.json'), 'utf8'), withCloudValues(VALUES)));
    manifest.bots[0].scopes = ['personal', 'stadium'];
    delete manifest.developer.privacyUrl;
    const errors = await validateAppFiles(JSON.stringify(manifest), {});
    expect(errors.join('\n')).toMatch(/privacyUrl/);
    expect(errors.join('\n')).toMatch(/scopes/);
  });

  it('is a personal-scope bot with the three commands, localized in Italian and French, and SSO-ready', () => {
    const manifest = JSON.parse(readFileSync(join(APP_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.bots[0].scopes).toEqual(['personal']);
    expect(manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(['close account', 'status', 'help']);
    expect(manifest.localizationInfo.additionalLanguages.map((l: { languageTag: string }) => l.languageTag)).toEqual(['it', 'fr']);
    // Teams SSO names the app registration of aad.manifest.json (the bot may be a managed identity,
    // which cannot be one); its identifier URI carries the bot's id, as Teams expects.
    expect(manifest.webApplicationInfo).toEqual({ id: '${{AAD_APP_CLIENT_ID}}', resource: 'api://botid-${{BOT_ID}}' });
    for (const file of ['it.json', 'fr.json']) {
      const localization = JSON.parse(readFileSync(join(APP_DIR, file), 'utf8'));
      expect(Object.keys(localization).filter((k) => k.startsWith('bots[0].commandLists[0].commands'))).toHaveLength(6);
    }
  });

  it('has a 192×192 colour icon and a 32×32 outline icon', () => {
    expect(png('color.png')).toEqual({ width: 192, height: 192 });
    expect(png('outline.png')).toEqual({ width: 32, height: 32 });
  });

  it.each([
    ['public', 'token.botframework.com'],
    ['usgov', 'tokengcch.botframework.azure.us'],
    ['usgovdod', 'apidod.botframework.azure.us'],
    ['china', 'token.botframework.azure.cn'],
  ])('lets Teams open the SSO sign-in page of the token service of CLOUD=%s (%s)', (cloud, domain) => {
    const manifest = JSON.parse(fillPlaceholders(readFileSync(join(APP_DIR, 'manifest.json'), 'utf8'), withCloudValues({ ...VALUES, CLOUD: cloud })));
    expect(manifest.validDomains).toEqual([VALUES.BOT_DOMAIN, domain]);
  });

  it('refuses a token service domain in env/ that contradicts CLOUD, and an unknown cloud', () => {
    expect(() => withCloudValues({ ...VALUES, CLOUD: 'usgov', BOT_TOKEN_SERVICE_DOMAIN: 'token.botframework.com' })).toThrow(/does not match CLOUD=usgov, whose token service is tokengcch/);
    expect(() => withCloudValues({ ...VALUES, CLOUD: 'mars' })).toThrow(/CLOUD=mars is not one of/);
  });

  it('refuses to fill a manifest when a value is missing, naming every missing one', () => {
    expect(() => fillPlaceholders('${{BOT_ID}} ${{TEAMS_APP_ID}}', {})).toThrow('No value for BOT_ID, TEAMS_APP_ID');
  });

  it('builds a zip with the filled manifest, the localizations and the icons', async () => {
    const file = await buildPackage('test', VALUES);
    const zip = await JSZip.loadAsync(readFileSync(file));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'fr.json', 'it.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.id).toBe(VALUES.TEAMS_APP_ID);
    expect(JSON.stringify(manifest)).not.toContain('${{');
  });
});
