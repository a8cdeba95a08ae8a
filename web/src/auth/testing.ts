/** Test helpers for the session code: tokens as the service issues them, and a fake fetch
 * that answers by path and keeps every request it saw. Only the *.test.ts files import it. */
export function fakeToken(userId: string, roles: string[] = ["member"], n = 1): string {
  const part = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, "");
  return `${part({ alg: "ES256" })}.${part({ sub: userId, roles, n })}.signature`;
}

export function tokenOut(userId: string, n = 1, expiresIn = 900) {
  return { access_token: fakeToken(userId, ["member"], n), token_type: "Bearer", expires_in: expiresIn,
           refresh_token: null, user_id: userId };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json", ...headers },
  });
}

type Answer = (request: Request) => Response | Promise<Response>;

export class FakeFetch {
  readonly seen: Request[] = [];
  private readonly routes: { method: string; path: string; answer: Answer }[] = [];

  on(method: string, path: string, answer: Answer): this {
    this.routes.unshift({ method, path, answer });
    return this;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), "https://oi.example"), init);
    this.seen.push(request.clone());
    const path = new URL(request.url).pathname;
    const route = this.routes.find((r) => r.method === request.method && r.path === path);
    if (route === undefined) return json(404, { status: 404, title: "Not found", detail: path, type: "about:blank" });
    return route.answer(request);
  };

  calls(method: string, path: string): Request[] {
    return this.seen.filter((r) => r.method === method && new URL(r.url).pathname === path);
  }
}

export function setCookie(cookie: string): void {
  document.cookie = cookie;
}

export function clearCookies(): void {
  for (const part of document.cookie.split(";")) {
    const name = part.split("=")[0]?.trim();
    if (name) document.cookie = `${name}=; Max-Age=0; Path=/`;
  }
}
