/** The app's paths, in one place for links and routes. */
export const ROUTES = {
  home: "/",
  signIn: "/sign-in",
  accessibility: "/accessibility",
} as const;
