/** The colour-coded states the console shows: a sync run's and the POD circuit breaker's. */
import { Badge } from "design-react-kit";
import { useLanguage } from "../../i18n/language";
import type { MessageKey } from "../../i18n/messages";
import type { RunStatus } from "./api";

const RUN: Readonly<Record<RunStatus, { color: string; label: MessageKey }>> = {
  running: { color: "primary", label: "een.run.state.running" },
  completed: { color: "success", label: "een.run.state.completed" },
  failed: { color: "danger", label: "een.run.state.failed" },
};

export function RunStateBadge({ status }: { status: RunStatus }) {
  const { t } = useLanguage();
  const { color, label } = RUN[status];
  return <Badge color={color}>{t(label)}</Badge>;
}

const CIRCUIT: Readonly<Record<string, { color: string; label: MessageKey }>> = {
  closed: { color: "success", label: "een.status.circuit.closed" },
  half_open: { color: "warning", label: "een.status.circuit.half_open" },
  open: { color: "danger", label: "een.status.circuit.open" },
};

export function CircuitBadge({ state }: { state: string }) {
  const { t } = useLanguage();
  const known = CIRCUIT[state];
  return known ? <Badge color={known.color}>{t(known.label)}</Badge> : <Badge color="secondary">{state}</Badge>;
}
