/** Calendar calls for both places events live: a community (`/communities/{id}/events…`) or the
 * whole platform (`/events…`); and the member's personal calendar feed. One `EventScope` says
 * which; every call goes through `attempt`, so none throws. */
import type { components } from "../../../api/communities";
import { communities } from "../../../api/clients";
import { attempt, type Outcome } from "../../common/attempt";

export type CalendarEvent = components["schemas"]["EventOut"];
export type EventIn = components["schemas"]["EventIn"];
export type EventPatch = components["schemas"]["EventPatch"];
export type EventPage = components["schemas"]["Page_EventOut_"];
export type Registration = components["schemas"]["RegistrationOut"];
export type Attendance = components["schemas"]["AttendanceOut"];
export type FeedToken = components["schemas"]["FeedTokenOut"];
export type FeedState = components["schemas"]["FeedStateOut"];
export type When = "upcoming" | "past";

export type EventScope =
  | { kind: "community"; communityId: string; canManage: boolean; canParticipate: boolean }
  | { kind: "platform"; canManage: boolean; canParticipate: true };

function ifMatch(version: number): { "If-Match": string } {
  return { "If-Match": `"v${version}"` };
}

/** Where an event is shown in the app. */
export function eventPath(event: CalendarEvent): string {
  return event.community_id ? `/communities/${event.community_id}/events/${event.id}` : `/events/${event.id}`;
}

export function listEvents(scope: EventScope, when: When, limit: number,
                           cursor: string | null): Promise<Outcome<EventPage>> {
  const query = { when, limit, ...(cursor ? { cursor } : {}) };
  if (scope.kind === "community") {
    return attempt(() => communities.GET("/communities/{community_id}/events", {
      params: { path: { community_id: scope.communityId }, query },
    }));
  }
  return attempt(() => communities.GET("/events", { params: { query: { ...query, scope: "all" } } }));
}

export function getEvent(scope: EventScope, eventId: string): Promise<Outcome<CalendarEvent>> {
  if (scope.kind === "community") {
    return attempt(() => communities.GET("/communities/{community_id}/events/{event_id}", {
      params: { path: { community_id: scope.communityId, event_id: eventId } },
    }));
  }
  return attempt(() => communities.GET("/events/{event_id}", { params: { path: { event_id: eventId } } }));
}

export function createEvent(scope: EventScope, body: EventIn): Promise<Outcome<CalendarEvent>> {
  if (scope.kind === "community") {
    return attempt(() => communities.POST("/communities/{community_id}/events", {
      params: { path: { community_id: scope.communityId } }, body,
    }));
  }
  return attempt(() => communities.POST("/events", { body }));
}

export function reviseEvent(scope: EventScope, event: CalendarEvent, body: EventPatch): Promise<Outcome<CalendarEvent>> {
  const header = ifMatch(event.version);
  if (scope.kind === "community") {
    return attempt(() => communities.PATCH("/communities/{community_id}/events/{event_id}", {
      params: { path: { community_id: scope.communityId, event_id: event.id }, header }, body,
    }));
  }
  return attempt(() => communities.PATCH("/events/{event_id}", { params: { path: { event_id: event.id }, header }, body }));
}

export function cancelEvent(scope: EventScope, event: CalendarEvent): Promise<Outcome<CalendarEvent>> {
  const header = ifMatch(event.version);
  if (scope.kind === "community") {
    return attempt(() => communities.POST("/communities/{community_id}/events/{event_id}/cancel", {
      params: { path: { community_id: scope.communityId, event_id: event.id }, header },
    }));
  }
  return attempt(() => communities.POST("/events/{event_id}/cancel", { params: { path: { event_id: event.id }, header } }));
}

export function register(scope: EventScope, eventId: string): Promise<Outcome<Registration>> {
  if (scope.kind === "community") {
    return attempt(() => communities.POST("/communities/{community_id}/events/{event_id}/registration", {
      params: { path: { community_id: scope.communityId, event_id: eventId } },
    }));
  }
  return attempt(() => communities.POST("/events/{event_id}/registration", { params: { path: { event_id: eventId } } }));
}

export function unregister(scope: EventScope, eventId: string): Promise<Outcome<Registration>> {
  if (scope.kind === "community") {
    return attempt(() => communities.DELETE("/communities/{community_id}/events/{event_id}/registration", {
      params: { path: { community_id: scope.communityId, event_id: eventId } },
    }));
  }
  return attempt(() => communities.DELETE("/events/{event_id}/registration", { params: { path: { event_id: eventId } } }));
}

export function attendance(scope: EventScope, eventId: string): Promise<Outcome<Attendance>> {
  if (scope.kind === "community") {
    return attempt(() => communities.GET("/communities/{community_id}/events/{event_id}/registrations", {
      params: { path: { community_id: scope.communityId, event_id: eventId } },
    }));
  }
  return attempt(() => communities.GET("/events/{event_id}/registrations", { params: { path: { event_id: eventId } } }));
}

export function markAttended(scope: EventScope, eventId: string, userId: string,
                             attended: boolean | null): Promise<Outcome<Registration>> {
  const body = { attended };
  if (scope.kind === "community") {
    return attempt(() => communities.PUT("/communities/{community_id}/events/{event_id}/registrations/{user_id}/attended", {
      params: { path: { community_id: scope.communityId, event_id: eventId, user_id: userId } }, body,
    }));
  }
  return attempt(() => communities.PUT("/events/{event_id}/registrations/{user_id}/attended", {
    params: { path: { event_id: eventId, user_id: userId } }, body,
  }));
}

/** The event as an .ics file (it needs the bearer token, so it is fetched, then saved). */
export function eventIcs(event: CalendarEvent): Promise<Outcome<Blob>> {
  if (event.community_id) {
    return attempt(() => communities.GET("/communities/{community_id}/events/{event_id}.ics", {
      params: { path: { community_id: event.community_id ?? "", event_id: event.id } }, parseAs: "blob",
    }));
  }
  return attempt(() => communities.GET("/events/{event_id}.ics", { params: { path: { event_id: event.id } },
                                                                   parseAs: "blob" }));
}

export function feedState(): Promise<Outcome<FeedState>> {
  return attempt(() => communities.GET("/calendar/feed-token"));
}

export function rotateFeed(): Promise<Outcome<FeedToken>> {
  return attempt(() => communities.POST("/calendar/feed-token"));
}

export function revokeFeed(): Promise<Outcome<unknown>> {
  return attempt(() => communities.DELETE("/calendar/feed-token"));
}
