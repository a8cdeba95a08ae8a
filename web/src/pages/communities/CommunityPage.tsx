/** /communities/:communityId/* — what the community is about, its sections (discussion, news,
 * documents, events, consultations, moderation), its sub-communities and its members; joining,
 * asking to join, accepting an invitation, leaving; for owners and moderators, requests to join,
 * invitations and settings. A closed community the reader is neither in nor invited to looks
 * exactly like one that does not exist. */
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { communities } from "../../api/clients";
import type { Problem } from "../../api/problem";
import { attempt } from "../../components/common/attempt";
import { LoadingState } from "../../components/common/LoadingState";
import { ProblemAlert } from "../../components/common/ProblemAlert";
import { canModerate, type Community, isActiveMember } from "../../components/communities/api";
import { CommunityDescriptors } from "../../components/communities/CommunityDescriptors";
import { CommunitySettings } from "../../components/communities/CommunitySettings";
import { InvitationsSection } from "../../components/communities/InvitationsSection";
import { JoinRequests } from "../../components/communities/JoinRequests";
import { MembersSection } from "../../components/communities/MembersSection";
import { MembershipActions } from "../../components/communities/MembershipActions";
import { NotVisible } from "../../components/communities/NotVisible";
import { Paragraphs } from "../../components/communities/Paragraphs";
import { ReviewStatus } from "../../components/communities/ReviewStatus";
import { CommunitySections } from "../../components/communities/sections/CommunitySections";
import { SubCommunities } from "../../components/communities/SubCommunities";
import { VisibilityBadge } from "../../components/communities/VisibilityBadge";
import { useLanguage } from "../../i18n/language";
import { communityPath } from "../../routes";

type Loaded =
  | { kind: "shown"; community: Community }
  | { kind: "hidden" }
  | { kind: "failed"; problem: Problem };

async function load(communityId: string): Promise<Loaded> {
  const path = { community_id: communityId };
  const outcome = await attempt(() => communities.GET("/communities/{community_id}", { params: { path } }));
  if ("data" in outcome) return { kind: "shown", community: outcome.data };
  if (outcome.problem.status === 404) return { kind: "hidden" };  // none, or closed to me
  return { kind: "failed", problem: outcome.problem };
}

function CommunityView({ communityId }: { communityId: string }) {
  const { t, formatDate } = useLanguage();
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<{ key: string; loaded: Loaded } | null>(null);
  const key = `${communityId}/${generation}`;
  const reload = () => { setGeneration((g) => g + 1); };

  useEffect(() => {
    let current = true;
    void load(communityId).then((loaded) => { if (current) setState({ key, loaded }); });
    return () => { current = false; };
  }, [communityId, key]);

  // A reload keeps showing what was there until the new answer comes; a new address starts afresh.
  const loaded = state !== null && state.key.startsWith(`${communityId}/`) ? state.loaded : null;
  if (loaded === null) return <LoadingState label={t("communities.community.loading")} />;
  if (loaded.kind === "failed") {
    return <><h1>{t("communities.title")}</h1><ProblemAlert problem={loaded.problem} /></>;
  }
  if (loaded.kind === "hidden") {
    return <NotVisible />;
  }

  const { community } = loaded;
  const member = isActiveMember(community);
  const manager = canModerate(community);
  const listHidden = !community.members_listed && !manager;
  return (
    <>
      {community.parent !== null && community.parent !== undefined && (
        <p className="mb-1">
          {t("communities.parent")}{" "}
          <Link to={communityPath(community.parent.id)}>{community.parent.name}</Link>
        </p>
      )}
      <ReviewStatus community={community} />
      <div className="d-flex flex-wrap align-items-center gap-3 mb-2">
        <h1 className="mb-0 text-break">{community.name}</h1>
        <VisibilityBadge visibility={community.visibility} />
      </div>
      <p className="small text-secondary">
        {t("communities.community.since", { date: formatDate(community.created_at) })}
        {" · "}{t("communities.memberCount", { n: community.member_count })}
      </p>
      <MembershipActions community={community} onChanged={reload} />
      <div className="row">
        <div className="col-12 col-lg-8">
          <section aria-labelledby="community-about" className="mb-5">
            <h2 id="community-about" className="h4">{t("communities.about")}</h2>
            {community.description !== ""
              ? <div className="text-break"><Paragraphs text={community.description} /></div>
              : <p>{t("communities.about.empty")}</p>}
            <h3 className="h6 mt-3">{t("communities.descriptors")}</h3>
            <CommunityDescriptors codes={community.descriptors} />
          </section>
          <CommunitySections community={community} reload={reload} />
        </div>
        <div className="col-12 col-lg-4">
          {manager && community.visibility === "private" && (
            <JoinRequests communityId={community.id} onApproved={reload} />
          )}
          {(member || community.visibility === "public") && (
            <MembersSection communityId={community.id} memberCount={community.member_count} hidden={listHidden}
                            isOwner={member && community.membership?.role === "owner"} reload={generation} />
          )}
          {community.status === "active" && (member || community.visibility !== "closed") && (
            <SubCommunities community={community} canCreate={manager} />
          )}
          {manager && community.status === "active" && <InvitationsSection communityId={community.id} />}
          {manager && <CommunitySettings key={community.version} community={community} onSaved={reload} />}
        </div>
      </div>
    </>
  );
}

export function CommunityPage() {
  const { communityId = "" } = useParams();
  return <CommunityView key={communityId} communityId={communityId} />;
}
