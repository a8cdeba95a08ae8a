/** Documents calls: folders, the files in a folder, uploads (XMLHttpRequest, for its upload
 * progress events, which fetch cannot report), downloads. None throws: each answers an Outcome. */
import type { components } from "../../../api/communities";
import { communities } from "../../../api/clients";
import { isProblem, NETWORK_FAILURE, type Problem } from "../../../api/problem";
import { accessToken, currentSession, refreshSession } from "../../../auth/session";
import { attempt, type Outcome } from "../../common/attempt";

export type Folder = components["schemas"]["FolderOut"];
export type Folders = components["schemas"]["FoldersOut"];
export type DocumentItem = components["schemas"]["DocumentOut"];
export type Version = components["schemas"]["VersionOut"];
export type DocumentsPage = components["schemas"]["Page_DocumentOut_"];

function ifMatch(version: number): { "If-Match": string } {
  return { "If-Match": `"v${version}"` };
}

export function listFolders(communityId: string): Promise<Outcome<Folders>> {
  return attempt(() => communities.GET("/communities/{community_id}/folders", {
    params: { path: { community_id: communityId } },
  }));
}

export function createFolder(communityId: string, name: string, parentId: string | null): Promise<Outcome<Folder>> {
  return attempt(() => communities.POST("/communities/{community_id}/folders", {
    params: { path: { community_id: communityId } }, body: { name, parent_id: parentId },
  }));
}

export function renameFolder(folder: Folder, name: string): Promise<Outcome<Folder>> {
  return attempt(() => communities.PATCH("/communities/{community_id}/folders/{folder_id}", {
    params: { path: { community_id: folder.community_id, folder_id: folder.id }, header: ifMatch(folder.version) },
    body: { name },
  }));
}

export function deleteFolder(folder: Folder): Promise<Outcome<unknown>> {
  return attempt(() => communities.DELETE("/communities/{community_id}/folders/{folder_id}", {
    params: { path: { community_id: folder.community_id, folder_id: folder.id }, header: ifMatch(folder.version) },
  }));
}

export function listDocuments(communityId: string, folderId: string | null, limit: number,
                              cursor: string | null): Promise<Outcome<DocumentsPage>> {
  return attempt(() => communities.GET("/communities/{community_id}/documents", {
    params: { path: { community_id: communityId },
              query: { limit, ...(folderId ? { folder_id: folderId } : {}), ...(cursor ? { cursor } : {}) } },
  }));
}

export function deleteDocument(document: DocumentItem): Promise<Outcome<unknown>> {
  return attempt(() => communities.DELETE("/communities/{community_id}/documents/{document_id}", {
    params: { path: { community_id: document.community_id, document_id: document.id },
              header: ifMatch(document.version) },
  }));
}

/** One version's bytes (they need the bearer token, so they are fetched, then saved). */
export function downloadVersion(document: DocumentItem, version: Version): Promise<Outcome<Blob>> {
  return attempt(() => communities.GET(
    "/communities/{community_id}/documents/{document_id}/versions/{number}/content", {
      params: { path: { community_id: document.community_id, document_id: document.id, number: version.number } },
      parseAs: "blob",
    }));
}

/** Hands a downloaded file to the browser under its name. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = window.document.createElement("a");
  link.href = url;
  link.download = filename;
  link.rel = "noopener";
  window.document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => { URL.revokeObjectURL(url); }, 60_000);
}

// -- uploads ----------------------------------------------------------------------------------------
export type UploadTarget =
  | { kind: "new"; communityId: string; folderId: string | null; title?: string }
  | { kind: "version"; document: DocumentItem };

export interface Upload {
  /** Settles once the service answered (or the upload failed or was cancelled). */
  done: Promise<Outcome<DocumentItem>>;
  cancel: () => void;
}

/** Where an upload goes, relative to the communities API. */
export function uploadPath(target: UploadTarget): string {
  if (target.kind === "version") {
    const d = target.document;
    return `/communities/${encodeURIComponent(d.community_id)}/documents/${encodeURIComponent(d.id)}/versions`;
  }
  const query = new URLSearchParams();
  if (target.folderId) query.set("folder_id", target.folderId);
  if (target.title) query.set("title", target.title);
  const qs = query.toString();
  return `/communities/${encodeURIComponent(target.communityId)}/documents${qs ? `?${qs}` : ""}`;
}

function problemFrom(xhr: XMLHttpRequest): Problem {
  try {
    const body: unknown = JSON.parse(xhr.responseText);
    if (isProblem(body)) return body;
  } catch {
    // not JSON: the status says enough
  }
  return { status: xhr.status };
}

export const CANCELLED: Problem = { status: 0, title: "cancelled" };

async function token(): Promise<string | null> {
  if (accessToken() === null && currentSession() !== null) await refreshSession();
  return accessToken();
}

/** The file as the raw body, its name in X-Filename; `onProgress` hears the bytes sent so far. */
export function uploadDocument(target: UploadTarget, file: File,
                               onProgress: (sent: number, total: number) => void): Upload {
  const state: { xhr: XMLHttpRequest | null; cancelled: boolean } = { xhr: null, cancelled: false };
  const send = (bearer: string | null) => new Promise<{ xhr: XMLHttpRequest } | { problem: Problem }>((resolve) => {
    const request = new XMLHttpRequest();
    state.xhr = request;
    request.open("POST", `/api/communities${uploadPath(target)}`);
    if (bearer !== null) request.setRequestHeader("Authorization", `Bearer ${bearer}`);
    request.setRequestHeader("X-Filename", encodeURIComponent(file.name));
    request.setRequestHeader("Content-Type", "application/octet-stream");
    request.upload.onprogress = (event) => { onProgress(event.loaded, event.lengthComputable ? event.total : file.size); };
    request.onload = () => { resolve({ xhr: request }); };
    request.onerror = () => { resolve({ problem: NETWORK_FAILURE }); };
    request.onabort = () => { resolve({ problem: CANCELLED }); };
    request.send(file);
  });
  const done = (async (): Promise<Outcome<DocumentItem>> => {
    let answer = await send(await token());
    if ("xhr" in answer && answer.xhr.status === 401 && !state.cancelled && (await refreshSession()) === "ok") {
      onProgress(0, file.size);
      answer = await send(accessToken());
    }
    if ("problem" in answer) return answer;
    const request = answer.xhr;
    if (request.status < 200 || request.status >= 300) return { problem: problemFrom(request) };
    try {
      const data = JSON.parse(request.responseText) as DocumentItem;
      return { data, response: new Response(null, { status: request.status }) };
    } catch {
      return { problem: { status: request.status } };
    }
  })();
  return { done, cancel: () => { state.cancelled = true; state.xhr?.abort(); } };
}
