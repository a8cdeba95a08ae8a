/** A page loaded when first visited, as a chunk of its own: the first load carries only the
 * shell, home and sign-in (what a visitor sees first), not every area's pages. */
import { lazy, type ComponentType } from "react";

export function lazyPage<Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) {
  return lazy(async () => ({ default: (await load())[name] }));
}
