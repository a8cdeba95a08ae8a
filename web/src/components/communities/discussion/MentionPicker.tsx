/** "Mention a member": the community's members as buttons; choosing one writes
 * `@[Name](user:ID)` into the text (the service tells them and links their profile). */
import { Button } from "design-react-kit";
import { useEffect, useId, useState } from "react";
import { useLanguage } from "../../../i18n/language";
import { useDisplayName } from "../../common/MemberName";
import { listMembers, type Member, mentionMarkup } from "./api";

const loaded = new Map<string, Promise<Member[]>>();

function membersOf(communityId: string): Promise<Member[]> {
  let members = loaded.get(communityId);
  if (members === undefined) {
    members = listMembers(communityId).then((outcome) => ("data" in outcome ? outcome.data.items : []));
    loaded.set(communityId, members);
  }
  return members;
}

function MemberChoice({ member, onPick }: { member: Member; onPick: (markup: string) => void }) {
  const { t } = useLanguage();
  const name = useDisplayName(member.user_id);
  if (name === undefined) return null;
  const label = name ?? t("common.member.unnamed");
  return (
    <li>
      <Button color="primary" outline size="xs" type="button" className="mb-1"
              onClick={() => { onPick(mentionMarkup(label, member.user_id)); }}>
        @{label}
      </Button>
    </li>
  );
}

export function MentionPicker({ communityId, onPick }: { communityId: string; onPick: (markup: string) => void }) {
  const { t } = useLanguage();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [members, setMembers] = useState<Member[] | null>(null);

  useEffect(() => {
    if (!open || members !== null) return;
    let current = true;
    void membersOf(communityId).then((found) => { if (current) setMembers(found.filter((m) => m.status === "active")); });
    return () => { current = false; };
  }, [open, members, communityId]);

  return (
    <div className="mb-2">
      <Button color="secondary" outline size="xs" type="button" aria-expanded={open} aria-controls={id}
              onClick={() => { setOpen(!open); }}>
        {t("discussion.mention.open")}
      </Button>
      {open && (
        <div id={id} className="mt-2">
          {members === null && <p className="small text-secondary">{t("discussion.mention.loading")}</p>}
          {members !== null && members.length === 0 && <p className="small">{t("discussion.mention.none")}</p>}
          {members !== null && members.length > 0 && (
            <ul className="list-inline d-flex flex-wrap gap-1 mb-0" aria-label={t("discussion.mention.list")}>
              {members.map((m) => (
                <MemberChoice key={m.user_id} member={m} onPick={(markup) => { onPick(markup); setOpen(false); }} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
