/** How an API call's answer reaches the pages: its data (and the response, for headers such as
 * ETag) or a Problem, whatever went wrong, the network included. */
import { isProblem, NETWORK_FAILURE, type Problem } from "../../api/problem";

export type Outcome<T> = { data: T; response: Response } | { problem: Problem };

/** The problem an openapi-fetch call answered with (or a network failure when there was no answer). */
export function problemOf(error: unknown, response: Response | undefined): Problem {
  if (isProblem(error)) return error;
  return response ? { status: response.status } : NETWORK_FAILURE;
}

/** Runs an openapi-fetch call; it never throws. */
export async function attempt<T>(
  call: () => Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<Outcome<T>> {
  try {
    const { data, error, response } = await call();
    // A 204 has no body: data is undefined and the call still succeeded.
    return response.ok ? { data: data as T, response } : { problem: problemOf(error, response) };
  } catch {
    return { problem: NETWORK_FAILURE };
  }
}
