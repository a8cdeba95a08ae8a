/** The chosen language for the whole app: Italian unless the person picked another.
 *
 * Signed out, the choice is remembered in localStorage. Signed in, it is the member's:
 * after signing in the app switches to their profile's `language` (GET /me), and changing
 * it (the LanguageSwitch) saves it to their profile, so it follows them to other browsers. */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { loadMe, saveLanguage } from "../auth/me";
import { currentSession, useSession } from "../auth/session";
import {
  DEFAULT_LANGUAGE, formatDate, formatNumber, isLanguage, translator, type Language, type Translate,
} from "./messages";

const STORAGE_KEY = "oi.language";

interface LanguageState {
  language: Language;
  /** The person's choice: shown at once, remembered here, and saved to the profile when signed in. */
  setLanguage: (language: Language) => void;
  t: Translate;
  formatDate: (value: Date | string, options?: Intl.DateTimeFormatOptions) => string;
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string;
}

const LanguageContext = createContext<LanguageState | null>(null);

function rememberedLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE; // storage disabled (privacy settings): the default will do
  }
}

function remember(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered, still switched
  }
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(rememberedLanguage);
  const session = useSession();
  const userId = session?.userId ?? null;
  // Whose profile language has been applied (or overridden by a choice made meanwhile).
  const settledFor = useRef<string | null>(null);

  const show = useCallback((next: Language) => {
    setLanguageState(next);
    remember(next);
  }, []);

  const setLanguage = useCallback((next: Language) => {
    show(next);
    const signedIn = currentSession();
    if (signedIn !== null) {
      settledFor.current = signedIn.userId; // the choice wins over a profile still being read
      void saveLanguage(next);
    }
  }, [show]);

  // Signed in: the member's own language, from their profile.
  useEffect(() => {
    if (userId === null) {
      settledFor.current = null;
      return;
    }
    if (settledFor.current === userId) return;
    void loadMe(userId).then((me) => {
      if (me === null || settledFor.current === userId || currentSession()?.userId !== userId) return;
      settledFor.current = userId;
      if (isLanguage(me.profile.language)) show(me.profile.language);
    });
  }, [userId, show]);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<LanguageState>(() => ({
    language,
    setLanguage,
    t: translator(language),
    formatDate: (date, options) => formatDate(language, date, options),
    formatNumber: (n, options) => formatNumber(language, n, options),
  }), [language, setLanguage]);

  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (state === null) throw new Error("useLanguage outside LanguageProvider");
  return state;
}
