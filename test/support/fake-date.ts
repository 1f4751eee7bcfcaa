/**
 * Moves only the date (`Date.now()`, `new Date()`) forward, for every party in this process that
 * reads it (the bot, MSAL, a local Entra or token service); timers, ticks and performance stay real,
 * so HTTP over loopback keeps working. Call `jest.useRealTimers()` afterwards.
 */
export function fakeDateOnly(): void {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
}
