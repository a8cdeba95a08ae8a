/** Where the author's proposal stands in the EEN Partnering Opportunities Database, as the
 * bridge last reported it (it arrives a moment after publishing, hence "check again"). */
import { Button, Callout, CalloutText, CalloutTitle } from "design-react-kit";
import { useLanguage } from "../../i18n/language";
import type { Proposal } from "./api";

export type ExportState = "pending" | "published" | "updating" | "withdrawing" | "withdrawn";

export function exportState(p: Proposal): ExportState | null {
  if (p.source !== "local") return null;
  const current = p.een_exported_version !== null && p.een_exported_version >= p.version;
  if (p.share_with_een && p.status === "published") {
    if (p.een_export_status === "published") return current ? "published" : "updating";
    return "pending";
  }
  if (p.een_export_status === "published") return "withdrawing";
  if (p.een_export_status === "withdrawn") return "withdrawn";
  return null;
}

export function EenExportStatus({ proposal, checking, onCheck }: {
  proposal: Proposal;
  checking: boolean;
  onCheck: () => void;
}) {
  const { t } = useLanguage();
  const state = exportState(proposal);
  if (state === null) return null;
  return (
    <Callout color={state === "published" ? "success" : "note"} className="my-4">
      <CalloutTitle tag="h2">{t("proposals.export.title")}</CalloutTitle>
      <CalloutText>
        <span role="status">
          {t(`proposals.export.${state}`, { reference: proposal.een_reference ?? "—" })}
        </span>
      </CalloutText>
      {state !== "published" && state !== "withdrawn" && (
        <Button color="primary" outline size="xs" className="mt-3" disabled={checking} onClick={onCheck}>
          {checking ? t("proposals.export.checking") : t("proposals.export.check")}
        </Button>
      )}
    </Callout>
  );
}
