/** The signed-in member as the profiles service knows them (`GET /me`): their name for the
 * header, their language for the whole app. Read once per session and kept here; whoever
 * changes the profile through this module (`saveLanguage`) updates it. */
import { useEffect, useSyncExternalStore } from "react";
import { profiles } from "../api/clients";
import type { components } from "../api/profiles";
import { useSession } from "./session";

export type Me = components["schemas"]["MeOut"];
type ProfileIn = components["schemas"]["ProfileIn"];

let loaded: { userId: string; me: Promise<Me | null> } | null = null;
let known: Me | null = null;
const listeners = new Set<() => void>();

function publish(me: Me | null): void {
  known = me;
  listeners.forEach((listener) => { listener(); });
}

/** The member behind `userId` (one request per session, shared by everyone who asks). */
export function loadMe(userId: string): Promise<Me | null> {
  if (loaded?.userId !== userId) {
    const me = profiles.GET("/me").then(({ data }) => data ?? null, () => null);
    loaded = { userId, me };
    void me.then((found) => { if (loaded?.me === me) publish(found); });
  }
  return loaded.me;
}

export function forgetMe(): void {
  loaded = null;
  publish(null);
}

/** The signed-in member, once read; null while signed out or still reading. */
export function useMe(): Me | null {
  const session = useSession();
  const userId = session?.userId ?? null;
  useEffect(() => {
    if (userId === null) forgetMe();
    else void loadMe(userId);
  }, [userId]);
  const me = useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  }, () => known);
  return me !== null && me.user_id === userId ? me : null;
}

function profileIn(me: Me, language: ProfileIn["language"]): ProfileIn {
  const { display_name, organisation, competences, interests, notification_preferences } = me.profile;
  return { display_name, organisation, competences, interests, notification_preferences, language };
}

/** Save the language in the member's profile: read fresh (the whole profile goes back, with
 * If-Match), nothing sent when it is already theirs, one retry when someone saved meanwhile. */
export async function saveLanguage(language: ProfileIn["language"]): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const { data: me, response } = await profiles.GET("/me");
    const etag = response.headers.get("ETag");
    if (me === undefined || etag === null) return false;
    if (me.profile.language === language) {
      publish(me);
      return true;
    }
    const saved = await profiles.PUT("/me/profile", {
      params: { header: { "If-Match": etag } }, body: profileIn(me, language),
    });
    if (saved.data !== undefined) {
      publish({ ...me, profile: saved.data });
      return true;
    }
    if (saved.response.status !== 412) return false;
  }
  return false;
}
