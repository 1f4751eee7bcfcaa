import { ConversationReference, TurnContext } from 'botbuilder';
import { StrictTeamsAdapter } from './bot-adapter';

/**
 * Runs `work` in a proactive turn of a stored conversation and throws what it threw. botbuilder
 * hands an error thrown in a proactive callback to the adapter's onTurnError and returns normally,
 * so a caller that must know (retry a send, report a failed lookup) runs its work through here.
 */
export async function inProactiveTurn(adapter: StrictTeamsAdapter, botAppId: string, reference: Partial<ConversationReference>, work: (context: TurnContext) => Promise<void>): Promise<void> {
  let failure: { error: unknown } | undefined;
  await adapter.continueConversationAsync(botAppId, reference, async (context) => {
    try {
      await work(context);
    } catch (error) {
      failure = { error };
    }
  });
  if (failure) throw failure.error;
}
