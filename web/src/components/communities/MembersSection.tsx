import { Select } from "design-react-kit";
import { useState } from "react";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { useLanguage } from "../../i18n/language";
import { attempt } from "../common/attempt";
import { LoadingState } from "../common/LoadingState";
import { LoadMore } from "../common/LoadMore";
import { MemberName, useDisplayName } from "../common/MemberName";
import { ProblemAlert } from "../common/ProblemAlert";
import { usePagedList } from "../common/usePagedList";
import type { Membership } from "./api";
import { RoleBadge, ROLE_LABELS } from "./RoleBadge";

const PAGE_SIZE = 20;

/** The owner makes a member a moderator or an author (writes the community's news), or a plain member again. */
function RoleSelect({ member, onChanged }: { member: Membership; onChanged: (member: Membership) => void }) {
  const { t } = useLanguage();
  const name = useDisplayName(member.user_id) ?? t("common.member.unnamed");
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function assign(role: string) {
    if (role !== "member" && role !== "moderator" && role !== "author") return;
    setSaving(true);
    setProblem(null);
    const outcome = await attempt(() => communities.PUT("/communities/{community_id}/members/{user_id}/role", {
      params: { path: { community_id: member.community_id, user_id: member.user_id } }, body: { role },
    }));
    setSaving(false);
    if ("data" in outcome) onChanged(outcome.data);
    else setProblem(outcome.problem);
  }

  return (
    <div className="mt-4">
      <Select id={`role-${member.user_id}`} label={t("communities.members.roleOf", { name })} value={member.role}
              disabled={saving} onChange={(role) => { void assign(role); }}>
        <option value="member">{t(ROLE_LABELS.member)}</option>
        <option value="author">{t(ROLE_LABELS.author)}</option>
        <option value="moderator">{t(ROLE_LABELS.moderator)}</option>
      </Select>
      {problem !== null && <ProblemAlert problem={problem} />}
    </div>
  );
}

/** Who is in the community, with their roles; the owner can change them. Where the managers
 * hide the list, members see only how many they are. */
export function MembersSection({ communityId, memberCount, isOwner, reload, hidden = false }: {
  communityId: string;
  memberCount: number;
  isOwner: boolean;
  reload: number;
  hidden?: boolean;
}) {
  const { t } = useLanguage();
  if (hidden) {
    return (
      <section aria-labelledby="community-members" className="mb-5">
        <h2 id="community-members" className="h4">{t("communities.members", { n: memberCount })}</h2>
        <p>{t("communities.members.hidden")}</p>
      </section>
    );
  }
  return <MemberList communityId={communityId} memberCount={memberCount} isOwner={isOwner} reload={reload} />;
}

function MemberList({ communityId, memberCount, isOwner, reload }: {
  communityId: string;
  memberCount: number;
  isOwner: boolean;
  reload: number;
}) {
  const { t } = useLanguage();
  const { list, loadMore, update } = usePagedList<Membership>(`${communityId}/${reload}`, (cursor) =>
    attempt(() => communities.GET("/communities/{community_id}/members", {
      params: { path: { community_id: communityId }, query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
    })));

  const replace = (changed: Membership) => {
    update((members) => members.map((m) => m.user_id === changed.user_id ? changed : m));
  };

  return (
    <section aria-labelledby="community-members" className="mb-5">
      <h2 id="community-members" className="h4">{t("communities.members", { n: memberCount })}</h2>
      {list.kind === "loading" && <LoadingState label={t("communities.members.loading")} />}
      {list.kind === "failed" && <ProblemAlert problem={list.problem} />}
      {list.kind === "loaded" && (
        <>
          <ul className="list-unstyled">
            {list.items.map((member) => (
              <li key={member.user_id} className="border-bottom py-2">
                <div className="d-flex flex-wrap align-items-center gap-2">
                  <MemberName userId={member.user_id} />
                  <RoleBadge role={member.role} />
                </div>
                {isOwner && member.role !== "owner" && <RoleSelect member={member} onChanged={replace} />}
              </li>
            ))}
          </ul>
          <LoadMore label={t("communities.loadMore")} cursor={list.cursor} more={list.more}
                    onLoad={() => { void loadMore(); }} />
        </>
      )}
    </section>
  );
}

