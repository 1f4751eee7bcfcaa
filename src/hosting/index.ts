/** Entry of src/hosting: Teams, as the composition root wires it. */
export { botFrameworkSettings, createBotAdapter, StrictTeamsAdapter } from './bot-adapter';
export type { BotAuthOverrides } from './bot-adapter';
export { createHttpServer } from './http-server';
export { createTeamsApp } from './teams-app';
export { TeamsNotifier } from './teams-notifier';
export { TokenServiceSignIn } from './token-service-sign-in';
export type { SigningKeysOptions } from './signing-keys';
