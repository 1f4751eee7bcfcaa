import { GraphFailure } from '../../src/ports';

/** The GraphFailure a call ends in (the test fails if it succeeds). */
export async function failureOf(call: Promise<unknown>): Promise<GraphFailure> {
  try {
    await call;
  } catch (error) {
    return GraphFailure.from(error);
  }
  throw new Error('expected a failure');
}
