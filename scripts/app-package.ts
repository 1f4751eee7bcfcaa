/**
 * Builds the Teams app package: fills the manifest's `${{VAR}}` placeholders from env/.env.<env>
 * (and env/.env.<env>.user), validates manifest and localization files offline against the
 * JSON schemas bundled in @microsoft/app-manifest (read as files, validated with ajv), and zips them with the icons.
 *   npm run package -- --env dev
 */
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from './project-root';
import { CLOUD_PROFILES, CLOUDS, CloudName } from '../src/config/clouds';
import JSZip from 'jszip';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const ROOT = projectRoot(__dirname);
const APP_DIR = join(ROOT, 'appPackage');
export const PACKAGE_FILES = ['manifest.json', 'it.json', 'fr.json', 'color.png', 'outline.png'];

export function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (match) values[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return values;
}

/** Replaces `${{VAR}}`; a placeholder without a value is an error, listed with all the others. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  const missing = new Set<string>();
  const filled = text.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    if (values[name] === undefined || (values[name] === '' && name !== 'APP_NAME_SUFFIX')) missing.add(name);
    return values[name] ?? '';
  });
  if (missing.size > 0) throw new Error(`No value for ${[...missing].join(', ')} (set them in env/.env.<env> or env/.env.<env>.user)`);
  return filled;
}

function schemaFor(version: string, kind: 'MicrosoftTeams' | 'MicrosoftTeams.Localization'): object {
  const base = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return JSON.parse(readFileSync(join(base, 'build', 'json-schemas', 'teams', `v${version}`, `${kind}.schema.json`), 'utf8'));
}

/** Schema errors of the manifest and of each localization file ([] when valid). */
export async function validateAppFiles(manifestText: string, localizations: Record<string, string>): Promise<string[]> {
  const manifest = JSON.parse(manifestText);
  const errors = (await validate(manifest, schemaFor(manifest.manifestVersion, 'MicrosoftTeams'))).map((e) => `manifest.json: ${e}`);
  for (const [file, text] of Object.entries(localizations)) {
    const localization = JSON.parse(text);
    const result = await validate(localization, schemaFor(manifest.manifestVersion, 'MicrosoftTeams.Localization'));
    errors.push(...result.map((e) => `${file}: ${e}`));
  }
  return errors;
}

/** The schemas are draft-04 JSON Schemas; errors read like "/bots/0/scopes/1 must be equal to one of the allowed values". */
async function validate(document: unknown, schema: object): Promise<string[]> {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const check = ajv.compile(schema);
  if (check(document)) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/**
 * Values that follow from CLOUD: the Bot Framework token service hosts the SSO sign-in page, so
 * Teams must allow its domain, and it differs per cloud. A value in env/ that contradicts CLOUD is
 * an error rather than a package whose sign-in silently fails.
 */
export function withCloudValues(values: Record<string, string>): Record<string, string> {
  const cloud = (values.CLOUD || 'public') as CloudName;
  if (!CLOUDS.includes(cloud)) throw new Error(`CLOUD=${cloud} is not one of ${CLOUDS.join(', ')}`);
  const tokenServiceDomain = new URL(CLOUD_PROFILES[cloud].botFramework.oAuthRedirectUrl).host;
  const given = values.BOT_TOKEN_SERVICE_DOMAIN;
  if (given && given.toLowerCase() !== tokenServiceDomain.toLowerCase()) {
    throw new Error(`BOT_TOKEN_SERVICE_DOMAIN=${given} does not match CLOUD=${cloud}, whose token service is ${tokenServiceDomain}`);
  }
  return { ...values, BOT_TOKEN_SERVICE_DOMAIN: tokenServiceDomain };
}

export async function buildPackage(envName: string, values: Record<string, string>): Promise<string> {
  const manifest = fillPlaceholders(readFileSync(join(APP_DIR, 'manifest.json'), 'utf8'), withCloudValues(values));
  const localizations = Object.fromEntries(['it.json', 'fr.json'].map((f) => [f, readFileSync(join(APP_DIR, f), 'utf8')]));
  const errors = await validateAppFiles(manifest, localizations);
  if (errors.length > 0) throw new Error(`The app package is not valid:\n  ${errors.join('\n  ')}`);
  const zip = new JSZip();
  zip.file('manifest.json', manifest);
  for (const file of PACKAGE_FILES.slice(1)) zip.file(file, readFileSync(join(APP_DIR, file)));
  const out = join(APP_DIR, 'build', `appPackage.${envName}.zip`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return out;
}

if (require.main === module) {
  const envName = process.argv.includes('--env') ? process.argv[process.argv.indexOf('--env') + 1] : 'dev';
  const values = { ...readEnvFile(join(ROOT, 'env', `.env.${envName}`)), ...readEnvFile(join(ROOT, 'env', `.env.${envName}.user`)) };
  buildPackage(envName, values).then(
    (file) => console.log(`App package written to ${file}`),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
