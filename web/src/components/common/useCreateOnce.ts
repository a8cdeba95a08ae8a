/** Creating something once: one Idempotency-Key per thing being created, so a second click, or a
 * retry after a lost answer, creates it once. */
import { useRef, useState } from "react";
import type { Problem } from "../../api/problem";
import type { Outcome } from "./attempt";

export function useCreateOnce(): {
  /** What the last try answered, when it failed. */
  problem: Problem | null;
  /** Makes the call with this thing's key. */
  create: <T>(call: (idempotencyKey: string) => Promise<Outcome<T>>) => Promise<Outcome<T>>;
} {
  const [problem, setProblem] = useState<Problem | null>(null);
  const idempotencyKey = useRef<string | null>(null);

  async function create<T>(call: (idempotencyKey: string) => Promise<Outcome<T>>): Promise<Outcome<T>> {
    setProblem(null);
    idempotencyKey.current ??= crypto.randomUUID();
    const outcome = await call(idempotencyKey.current);
    if ("problem" in outcome) {
      // 409 while the first try is still in flight: the same key, once more, is still right.
      if (outcome.problem.status !== 409) idempotencyKey.current = null;
      setProblem(outcome.problem);
    }
    return outcome;
  }

  return { problem, create };
}
