/** Signing in again in place, when a session ran out while the person was using the app.
 *
 * A call that needed the session (api/clients.ts) and could not refresh it asks here;
 * `SessionExpiredDialog` shows a sign-in dialog over the page, so the form underneath
 * keeps whatever was typed. Every call that asks while the dialog is open waits for the
 * same answer: true once signed in again (the calls are then retried), false when the
 * person chose not to (they are signed out, and the calls fail as they would have). */
import { useSyncExternalStore } from "react";
import { endSession } from "./session";

let pending: { answer: Promise<boolean>; settle: (signedIn: boolean) => void } | null = null;
const listeners = new Set<() => void>();

function notify(): void {
  listeners.forEach((listener) => { listener(); });
}

export function requestSignIn(): Promise<boolean> {
  if (pending === null) {
    let settle: (signedIn: boolean) => void = () => undefined;
    const answer = new Promise<boolean>((resolve) => { settle = resolve; });
    pending = { answer, settle };
    notify();
  }
  return pending.answer;
}

function finish(signedIn: boolean): void {
  const open = pending;
  pending = null;
  if (!signedIn) endSession();
  notify();
  open?.settle(signedIn);
}

/** The dialog signed the person in again: the waiting calls are retried. */
export function signedInAgain(): void {
  finish(true);
}

/** The person closed the dialog: signed out, the waiting calls fail. */
export function declinedSignIn(): void {
  finish(false);
}

export function isSignInRequested(): boolean {
  return pending !== null;
}

export function useSignInRequested(): boolean {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  }, isSignInRequested);
}
