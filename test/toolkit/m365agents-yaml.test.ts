import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { readToolkitFile, ToolkitYamlValidator } from './toolkit-rules';

const ROOT = join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

type Step = { uses: string; with?: Record<string, unknown>; writeToEnvironmentFile?: Record<string, string> };
type Project = { version: string; provision?: Step[]; deploy?: Step[]; publish?: Step[] };

describe("m365agents.yml and m365agents.playground.yml, checked by the Agents Toolkit's own schema", () => {
  const validator = new ToolkitYamlValidator();

  it.each(['m365agents.yml', 'm365agents.playground.yml'])('%s passes the schema its $schema line names (v1.11), whole and step by step', (file) => {
    const text = read(file);
    const declared = /\$schema=https:\/\/aka\.ms\/m365-agents-toolkits\/(v[\d.]+)\/yaml\.schema\.json/.exec(text)?.[1];
    const schema = JSON.parse(readToolkitFile('yaml.schema.v1.11.json')) as { properties: { version: unknown } };
    expect(declared).toBe('v1.11');
    expect((load(text) as Project).version).toBe(declared);
    expect(schema.properties.version).toBeDefined();
    expect(validator.validate(text)).toEqual({ valid: true, problems: [] });
  });

  it('refuses the project file as it was before: teamsApp/publishAppPackage without writeToEnvironmentFile', () => {
    const verdict = validator.validate(readFileSync(join(__dirname, 'fixtures', 'm365agents.before-issue-14.yml'), 'utf8'));
    expect(verdict.valid).toBe(false);
    expect(verdict.problems).toEqual(["publish[1] teamsApp/publishAppPackage: / must have required property 'writeToEnvironmentFile' (writeToEnvironmentFile)"]);
  });

  it('names the step, the action and the property for each planted mistake, and the whole file is refused', () => {
    const project = load(read('m365agents.yml')) as Project;
    const aadCreate = project.provision!.find((s) => s.uses === 'aadApp/create')!;
    delete aadCreate.writeToEnvironmentFile!.clientSecret;
    aadCreate.with!.signInAudience = 'EveryoneEverywhere';
    project.provision!.find((s) => s.uses === 'aadApp/update')!.with!.manifestFile = './aad.manifest.json';
    project.deploy!.push({ uses: 'azureAppService/zipDeplo' });
    const verdict = validator.validate(dump(project));
    expect(verdict.valid).toBe(false);
    expect(verdict.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^provision\[1\] aadApp\/create: \/writeToEnvironmentFile must have required property 'clientSecret'/),
        expect.stringMatching(/^provision\[1\] aadApp\/create: \/with\/signInAudience must be equal to one of the allowed values/),
        expect.stringMatching(/^provision\[3\] aadApp\/update: \/with must NOT have additional properties \(manifestFile\)/),
        'deploy[3]: unknown action "azureAppService/zipDeplo"',
      ]),
    );
  });

  it('knows every action the lifecycle may use, aadApp/create (defined through oneOf) included', () => {
    expect(validator.actions()).toEqual(expect.arrayContaining(['aadApp/create', 'aadApp/update', 'arm/deploy', 'teamsApp/publishAppPackage', 'cli/runNpmCommand']));
  });

  it('provisions the app registration before the Azure resources that use its id and secret, and applies the manifest after BOT_ID exists', () => {
    const steps = (load(read('m365agents.yml')) as Project).provision!.map((s) => s.uses);
    expect(steps.indexOf('aadApp/create')).toBeGreaterThanOrEqual(0);
    expect(steps.indexOf('aadApp/create')).toBeLessThan(steps.indexOf('arm/deploy'));
    expect(steps.indexOf('arm/deploy')).toBeLessThan(steps.indexOf('aadApp/update'));
    expect(steps.indexOf('aadApp/update')).toBeLessThan(steps.indexOf('teamsApp/zipAppPackage'));
  });

  it("writes the registration's outputs to env/.env.* under the names the bot, the Bicep parameters and the manifests read (the secret to the .user file)", () => {
    const project = load(read('m365agents.yml')) as Project;
    const create = project.provision!.find((s) => s.uses === 'aadApp/create')!;
    expect(create.with).toEqual(expect.objectContaining({ generateClientSecret: true, signInAudience: 'AzureADMultipleOrgs' }));
    expect(create.writeToEnvironmentFile).toEqual({
      clientId: 'AAD_APP_CLIENT_ID',
      clientSecret: 'SECRET_AAD_APP_CLIENT_SECRET',
      objectId: 'AAD_APP_OBJECT_ID',
      tenantId: 'AAD_APP_TENANT_ID',
      authority: 'AAD_APP_OAUTH_AUTHORITY',
      authorityHost: 'AAD_APP_OAUTH_AUTHORITY_HOST',
    });
    expect(project.provision!.find((s) => s.uses === 'aadApp/update')!.with).toEqual({ manifestPath: './aad.manifest.json', outputFilePath: './build/aad.manifest.${{TEAMSFX_ENV}}.json' });
    const parameters = read('infra/azure.parameters.json');
    expect(parameters).toContain('${{AAD_APP_CLIENT_ID}}');
    expect(parameters).toContain('${{SECRET_AAD_APP_CLIENT_SECRET}}');
    expect(read('appPackage/manifest.json')).toContain('"id": "${{AAD_APP_CLIENT_ID}}"');
  });
});
