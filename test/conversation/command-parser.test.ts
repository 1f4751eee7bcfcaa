import { parseCommand, parseHandover } from '../../src/conversation/command-parser';

describe('parseCommand', () => {
  it.each([
    ['close account', 'close'],
    ['Close Account', 'close'],
    ['  close my account please ', 'close'],
    ['/close account', 'close'],
    ['close account!', 'close'],
    ['chiudi account', 'close'],
    ["chiudi l'account", 'close'],
    ['chiudi l’account', 'close'],
    ['fermer le compte', 'close'],
    ['Fermer le compte, s’il vous plaît', 'close'],
    ['fermer le compte svp', 'close'],
    ['status', 'status'],
    ['stato', 'status'],
    ['état', 'status'],
    ['etat', 'status'],
    ['help', 'help'],
    ['aiuto', 'help'],
    ['aide', 'help'],
    ['cancel', 'cancel'],
    ['annulla', 'cancel'],
    ['annuler', 'cancel'],
  ])('%j → %s', (text, expected) => {
    expect(parseCommand(text)).toBe(expected);
  });

  it.each(["don't close account", 'please do not close account', 'close account now and delete everything', 'I want to cancel my subscription', 'helpful', '', 'x'.repeat(10_000)])('%j starts nothing', (text) => {
    expect(parseCommand(text)).toBeUndefined();
  });

  it('ignores non-text input', () => {
    expect(parseCommand(undefined)).toBeUndefined();
    expect(parseCommand(null)).toBeUndefined();
    expect(parseCommand(42 as unknown as string)).toBeUndefined();
  });
});

describe('parseHandover', () => {
  it.each([
    ['hand over to luca@contoso.com', 'luca@contoso.com'],
    ['Hand over to Luca.Verdi@Contoso.com.', 'Luca.Verdi@Contoso.com'],
    ['passa la chiusura a luca@contoso.it', 'luca@contoso.it'],
    ['transférer à claire@contoso.fr', 'claire@contoso.fr'],
  ])('%j → %s', (text, expected) => {
    expect(parseHandover(text)).toBe(expected);
  });

  it.each(['hand over to Luca', 'please hand over to luca@contoso.com', 'hand over', 'hand over to <at>x</at>@y'])('%j is not a handover', (text) => {
    expect(parseHandover(text)).toBeUndefined();
  });
});
