/** Scheduling an event or changing one (its managers): title, description (markdown), start
 * and end on the clock of the event's time zone, place and/or an https link, capacity, and
 * when registration opens and closes. */
import { Button, FormGroup, Input, Select, TextArea } from "design-react-kit";
import { type SubmitEvent, useState } from "react";
import { useNavigate } from "react-router-dom";
import type { Problem } from "../../../api/problem";
import { useLanguage } from "../../../i18n/language";
import { ProblemAlert } from "../../common/ProblemAlert";
import { type CalendarEvent, createEvent, type EventPatch, type EventScope, reviseEvent } from "./api";
import { DEFAULT_TIME_ZONE, TIME_ZONES, toWallClock, wallClockValue } from "./zonedTime";

const TITLE_MAX = 200;
const DESCRIPTION_MAX = 20000;

interface Draft {
  title: string;
  description: string;
  timeZone: string;
  startsAt: string; // datetime-local, on the zone's clock
  endsAt: string;
  place: string;
  onlineUrl: string;
  capacity: string; // "" = no limit
  opensAt: string; // "" = at once
  closesAt: string; // "" = when it starts
}

function draftOf(event: CalendarEvent | null): Draft {
  if (event === null) {
    return { title: "", description: "", timeZone: DEFAULT_TIME_ZONE, startsAt: "", endsAt: "", place: "",
             onlineUrl: "", capacity: "", opensAt: "", closesAt: "" };
  }
  const wall = (iso: string | null) => (iso ? toWallClock(iso, event.time_zone) : "");
  return { title: event.title, description: event.description, timeZone: event.time_zone,
           startsAt: wall(event.starts_at), endsAt: wall(event.ends_at), place: event.place ?? "",
           onlineUrl: event.online_url ?? "", capacity: event.capacity === null ? "" : String(event.capacity),
           opensAt: wall(event.registration_opens_at), closesAt: wall(event.registration_closes_at) };
}

export function EventEditor({ scope, event, headingLevel }: {
  scope: EventScope; event: CalendarEvent | null; headingLevel: "h1" | "h2";
}) {
  const { t } = useLanguage();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(() => draftOf(event));
  const [checked, setChecked] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const Heading = headingLevel;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => { setDraft((d) => ({ ...d, [key]: value })); };

  const starts = wallClockValue(draft.startsAt);
  const ends = wallClockValue(draft.endsAt);
  const missing = {
    title: draft.title.trim() === "",
    startsAt: starts === null,
    endsAt: ends === null || (starts !== null && draft.endsAt <= draft.startsAt),
    where: draft.place.trim() === "" && draft.onlineUrl.trim() === "",
    onlineUrl: draft.onlineUrl.trim() !== "" && !/^https:\/\/[^\s/]+/.test(draft.onlineUrl.trim()),
    capacity: draft.capacity !== "" && !(Number.isInteger(Number(draft.capacity)) && Number(draft.capacity) >= 1),
  };

  async function save(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    setChecked(true);
    if (Object.values(missing).some(Boolean) || starts === null || ends === null) return;
    setSending(true);
    setProblem(null);
    const body = {
      title: draft.title.trim(), description: draft.description.trim(), time_zone: draft.timeZone,
      starts_at: starts, ends_at: ends, place: draft.place.trim() || null, online_url: draft.onlineUrl.trim() || null,
      capacity: draft.capacity === "" ? null : Number(draft.capacity),
      registration_opens_at: wallClockValue(draft.opensAt), registration_closes_at: wallClockValue(draft.closesAt),
    };
    let outcome;
    if (event === null) {
      outcome = await createEvent(scope, { ...body, descriptors: [] });
    } else {
      // Times only when changed: the inputs show minutes, the event keeps milliseconds.
      const initial = draftOf(event);
      const patch: EventPatch = { title: body.title, description: body.description, place: body.place,
                                  online_url: body.online_url, capacity: body.capacity };
      const zoneChanged = draft.timeZone !== initial.timeZone;
      if (zoneChanged) patch.time_zone = draft.timeZone;
      if (zoneChanged || draft.startsAt !== initial.startsAt) patch.starts_at = body.starts_at;
      if (zoneChanged || draft.endsAt !== initial.endsAt) patch.ends_at = body.ends_at;
      if (zoneChanged || draft.opensAt !== initial.opensAt) patch.registration_opens_at = body.registration_opens_at;
      if (zoneChanged || draft.closesAt !== initial.closesAt) patch.registration_closes_at = body.registration_closes_at;
      outcome = await reviseEvent(scope, event, patch);
    }
    setSending(false);
    if (!("data" in outcome)) { setProblem(outcome.problem); return; }
    void navigate(event === null ? `../${outcome.data.id}` : "..", { relative: "path", state: { saved: true } });
  }

  const invalid = (bad: boolean, message: string) =>
    checked && bad ? { valid: false, "aria-invalid": true, validationText: message } : {};
  const id = event?.id ?? "new";
  const dateField = (key: "startsAt" | "endsAt" | "opensAt" | "closesAt", label: string, hint: string,
                     error = "", bad = false) => (
    <div className="col-12 col-md-6 form-group">
      <label htmlFor={`event-${key}-${id}`} className="active">{label}</label>
      <input id={`event-${key}-${id}`} type="datetime-local" className="form-control" value={draft[key]}
             aria-describedby={`event-${key}-${id}-hint`} aria-invalid={checked && bad ? true : undefined}
             required={key === "startsAt" || key === "endsAt"} onChange={(e) => { set(key, e.target.value); }} />
      <small id={`event-${key}-${id}-hint`} className="form-text">
        {checked && bad ? <span className="text-danger">{error}</span> : hint}
      </small>
    </div>
  );

  return (
    <form noValidate aria-labelledby="event-editor-title" className="mb-5" onSubmit={(e) => { void save(e); }}>
      <Heading id="event-editor-title" className={headingLevel === "h1" ? "" : "h4"}>
        {event === null ? t("calendar.editor.newTitle") : t("calendar.editor.editTitle")}
      </Heading>
      {problem !== null && <ProblemAlert problem={problem} />}
      <FormGroup>
        <Input id={`event-title-${id}`} label={t("calendar.editor.title")} maxLength={TITLE_MAX} required
               value={draft.title} onChange={(e) => { set("title", e.target.value); }}
               {...invalid(missing.title, t("calendar.editor.titleMissing"))} />
      </FormGroup>
      <FormGroup>
        <TextArea id={`event-description-${id}`} label={t("calendar.editor.description")} rows={5}
                  maxLength={DESCRIPTION_MAX} value={draft.description} infoText={t("calendar.editor.descriptionHint")}
                  onChange={(e) => { set("description", e.target.value); }} />
      </FormGroup>
      <div className="mb-4">
        <Select id={`event-zone-${id}`} label={t("calendar.editor.timeZone")} value={draft.timeZone}
                onChange={(value) => { set("timeZone", value); }}>
          {(TIME_ZONES.includes(draft.timeZone) ? TIME_ZONES : [draft.timeZone, ...TIME_ZONES])
            .map((z) => <option key={z} value={z}>{z}</option>)}
        </Select>
      </div>
      <div className="row g-3 mb-2">
        {dateField("startsAt", t("calendar.editor.startsAt"), t("calendar.editor.zoneClockHint"),
                   t("calendar.editor.startsAtMissing"), missing.startsAt)}
        {dateField("endsAt", t("calendar.editor.endsAt"), t("calendar.editor.zoneClockHint"),
                   t("calendar.editor.endsAtInvalid"), missing.endsAt)}
      </div>
      <FormGroup>
        <Input id={`event-place-${id}`} label={t("calendar.editor.place")} maxLength={300} value={draft.place}
               onChange={(e) => { set("place", e.target.value); }}
               {...invalid(missing.where, t("calendar.editor.whereMissing"))} />
      </FormGroup>
      <FormGroup>
        <Input id={`event-online-${id}`} type="url" label={t("calendar.editor.onlineUrl")} value={draft.onlineUrl}
               infoText={t("calendar.editor.onlineUrlHint")} onChange={(e) => { set("onlineUrl", e.target.value); }}
               {...invalid(missing.onlineUrl, t("calendar.editor.onlineUrlInvalid"))} />
      </FormGroup>
      {/* A plain input: the kit's number input adds +/- buttons without names. */}
      <div className="form-group mb-4">
        <label htmlFor={`event-capacity-${id}`} className="active">{t("calendar.editor.capacity")}</label>
        <input id={`event-capacity-${id}`} type="number" min={1} inputMode="numeric" className="form-control"
               value={draft.capacity} aria-describedby={`event-capacity-${id}-hint`}
               aria-invalid={checked && missing.capacity ? true : undefined}
               onChange={(e) => { set("capacity", e.target.value); }} />
        <small id={`event-capacity-${id}-hint`} className="form-text">
          {checked && missing.capacity ? <span className="text-danger">{t("calendar.editor.capacityInvalid")}</span>
            : t("calendar.editor.capacityHint")}
        </small>
      </div>
      <div className="row g-3 mb-4">
        {dateField("opensAt", t("calendar.editor.opensAt"), t("calendar.editor.opensAtHint"))}
        {dateField("closesAt", t("calendar.editor.closesAt"), t("calendar.editor.closesAtHint"))}
      </div>
      <div className="d-flex flex-wrap gap-2">
        <Button color="primary" type="submit" disabled={sending}>
          {event === null ? t("calendar.editor.schedule") : t("calendar.editor.save")}
        </Button>
        <Button color="secondary" outline type="button" disabled={sending}
                onClick={() => { void navigate("..", { relative: "path" }); }}>
          {t("calendar.editor.cancel")}
        </Button>
      </div>
      {sending && <p role="status" className="mt-2">{t("calendar.editor.saving")}</p>}
    </form>
  );
}
