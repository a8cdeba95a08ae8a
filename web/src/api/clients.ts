/** One typed client per service, through the gateway at /api/<service>. Types come from the
 * services' OpenAPI documents (npm run gen:api); an API change that breaks us breaks tsc. */
import createClient, { type Middleware } from "openapi-fetch";
import { accessToken } from "../auth/session";
import type { paths as CommunitiesPaths } from "./communities";
import type { paths as EenPaths } from "./een";
import type { paths as NotificationsPaths } from "./notifications";
import type { paths as ProfilesPaths } from "./profiles";
import type { paths as ProposalsPaths } from "./proposals";

const bearer: Middleware = {
  onRequest({ request }) {
    const token = accessToken();
    if (token !== null && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${token}`);
    }
    return request;
  },
};

function serviceClient<Paths extends object>(route: string) {
  const client = createClient<Paths>({ baseUrl: `/api/${route}` });
  client.use(bearer);
  return client;
}

export const profiles = serviceClient<ProfilesPaths>("profiles");
export const communities = serviceClient<CommunitiesPaths>("communities");
export const proposals = serviceClient<ProposalsPaths>("proposals");
export const notifications = serviceClient<NotificationsPaths>("notifications");
export const een = serviceClient<EenPaths>("een");
