/** The chosen language for the whole app: Italian unless the person picked another.
 * Remembered in localStorage for now; a profile field will carry it once signed in. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import {
  DEFAULT_LANGUAGE, formatDate, formatNumber, isLanguage, translator, type Language, type Translate,
} from "./messages";

const STORAGE_KEY = "oi.language";

interface LanguageState {
  language: Language;
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

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(rememberedLanguage);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered, still switched
    }
  }, []);

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
