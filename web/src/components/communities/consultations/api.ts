/** Consultation calls for both places consultations live: a community
 * (`/communities/{id}/consultations…`) or the whole platform (`/consultations…`, the Region's).
 * One `ConsultationScope` says which; every call goes through `attempt`, so none throws. */
import type { components } from "../../../api/communities";
import { communities } from "../../../api/clients";
import { attempt, type Outcome } from "../../common/attempt";

export type Consultation = components["schemas"]["ConsultationOut"];
export type ConsultationIn = components["schemas"]["ConsultationIn"];
export type ConsultationPatch = components["schemas"]["ConsultationPatch"];
export type ConsultationPhase = components["schemas"]["ConsultationPhase"];
export type Question = components["schemas"]["QuestionOut"];
export type QuestionIn = components["schemas"]["QuestionIn"];
export type QuestionKind = components["schemas"]["QuestionKind"];
export type MyResponse = components["schemas"]["ResponseOut"];
export type Results = components["schemas"]["ResultsOut"];
export type QuestionResult = components["schemas"]["QuestionResultOut"];
/** One answer: an option id, option ids, 1–5, or a text. */
export type AnswerValue = string | string[] | number | null;
export type Answers = Record<string, AnswerValue>;

export const KINDS: readonly QuestionKind[] = ["single_choice", "multiple_choice", "scale", "short_text", "long_text"];
export const SHORT_TEXT_MAX = 280;
export const LONG_TEXT_MAX = 5000;

export type ConsultationScope =
  | { kind: "community"; communityId: string; canManage: boolean }
  | { kind: "platform"; canManage: boolean };

export type Action = "publish" | "close";

function ifMatch(version: number): { "If-Match": string } {
  return { "If-Match": `"v${version}"` };
}

export function listConsultations(scope: ConsultationScope, phase?: ConsultationPhase): Promise<Outcome<Consultation[]>> {
  const query = phase ? { phase } : {};
  if (scope.kind === "community") {
    return attempt(() => communities.GET("/communities/{community_id}/consultations", {
      params: { path: { community_id: scope.communityId }, query },
    }));
  }
  return attempt(() => communities.GET("/consultations", { params: { query } }));
}

export function getConsultation(scope: ConsultationScope, id: string): Promise<Outcome<Consultation>> {
  if (scope.kind === "community") {
    return attempt(() => communities.GET("/communities/{community_id}/consultations/{consultation_id}", {
      params: { path: { community_id: scope.communityId, consultation_id: id } },
    }));
  }
  return attempt(() => communities.GET("/consultations/{consultation_id}", { params: { path: { consultation_id: id } } }));
}

export function createConsultation(scope: ConsultationScope, body: ConsultationIn): Promise<Outcome<Consultation>> {
  if (scope.kind === "community") {
    return attempt(() => communities.POST("/communities/{community_id}/consultations", {
      params: { path: { community_id: scope.communityId } }, body,
    }));
  }
  return attempt(() => communities.POST("/consultations", { body }));
}

export function reviseConsultation(scope: ConsultationScope, c: Consultation,
                                   body: ConsultationPatch): Promise<Outcome<Consultation>> {
  const header = ifMatch(c.version);
  if (scope.kind === "community") {
    return attempt(() => communities.PATCH("/communities/{community_id}/consultations/{consultation_id}", {
      params: { path: { community_id: scope.communityId, consultation_id: c.id }, header }, body,
    }));
  }
  return attempt(() => communities.PATCH("/consultations/{consultation_id}", {
    params: { path: { consultation_id: c.id }, header }, body,
  }));
}

export function deleteConsultation(scope: ConsultationScope, c: Consultation): Promise<Outcome<unknown>> {
  const header = ifMatch(c.version);
  if (scope.kind === "community") {
    return attempt(() => communities.DELETE("/communities/{community_id}/consultations/{consultation_id}", {
      params: { path: { community_id: scope.communityId, consultation_id: c.id }, header },
    }));
  }
  return attempt(() => communities.DELETE("/consultations/{consultation_id}", {
    params: { path: { consultation_id: c.id }, header },
  }));
}

export function act(scope: ConsultationScope, c: Consultation, action: Action): Promise<Outcome<Consultation>> {
  const header = ifMatch(c.version);
  if (scope.kind === "community") {
    const path = { community_id: scope.communityId, consultation_id: c.id };
    return attempt(action === "publish"
      ? () => communities.POST("/communities/{community_id}/consultations/{consultation_id}/publish", { params: { path, header } })
      : () => communities.POST("/communities/{community_id}/consultations/{consultation_id}/close", { params: { path, header } }));
  }
  const path = { consultation_id: c.id };
  return attempt(action === "publish"
    ? () => communities.POST("/consultations/{consultation_id}/publish", { params: { path, header } })
    : () => communities.POST("/consultations/{consultation_id}/close", { params: { path, header } }));
}

export function getMyResponse(scope: ConsultationScope, id: string): Promise<Outcome<MyResponse>> {
  if (scope.kind === "community") {
    return attempt(() => communities.GET("/communities/{community_id}/consultations/{consultation_id}/response", {
      params: { path: { community_id: scope.communityId, consultation_id: id } },
    }));
  }
  return attempt(() => communities.GET("/consultations/{consultation_id}/response", {
    params: { path: { consultation_id: id } },
  }));
}

export function answer(scope: ConsultationScope, id: string, answers: Answers): Promise<Outcome<MyResponse>> {
  const body = { answers };
  if (scope.kind === "community") {
    return attempt(() => communities.PUT("/communities/{community_id}/consultations/{consultation_id}/response", {
      params: { path: { community_id: scope.communityId, consultation_id: id } }, body,
    }));
  }
  return attempt(() => communities.PUT("/consultations/{consultation_id}/response", {
    params: { path: { consultation_id: id } }, body,
  }));
}

export function getResults(scope: ConsultationScope, id: string): Promise<Outcome<Results>> {
  if (scope.kind === "community") {
    return attempt(() => communities.GET("/communities/{community_id}/consultations/{consultation_id}/results", {
      params: { path: { community_id: scope.communityId, consultation_id: id } },
    }));
  }
  return attempt(() => communities.GET("/consultations/{consultation_id}/results", {
    params: { path: { consultation_id: id } },
  }));
}

/** The responses as CSV (it needs the bearer token, so it is fetched, then saved). */
export function exportCsv(scope: ConsultationScope, id: string): Promise<Outcome<Blob>> {
  if (scope.kind === "community") {
    return attempt(() => communities.GET("/communities/{community_id}/consultations/{consultation_id}/responses.csv", {
      params: { path: { community_id: scope.communityId, consultation_id: id } }, parseAs: "blob",
    }));
  }
  return attempt(() => communities.GET("/consultations/{consultation_id}/responses.csv", {
    params: { path: { consultation_id: id } }, parseAs: "blob",
  }));
}

/** The errors a 422 carries for the answers: question id → what is wrong (in English). */
export function answerErrors(problem: { errors?: unknown }): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(problem.errors)) return out;
  for (const e of problem.errors as { question_id?: unknown; msg?: unknown }[]) {
    if (typeof e.question_id === "string") out[e.question_id] = typeof e.msg === "string" ? e.msg : "";
  }
  return out;
}

/** What share of `total` a count is, as a whole percentage (0 when nothing to share). */
export function percent(count: number, total: number): number {
  return total > 0 ? Math.round((count / total) * 100) : 0;
}
