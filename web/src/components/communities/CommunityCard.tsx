import { Card, CardBody, CardText, CardTitle } from "design-react-kit";
import { Link } from "react-router-dom";
import { useLanguage } from "../../i18n/language";
import { communityPath } from "../../routes";
import type { Community } from "./api";
import { CommunityDescriptors } from "./CommunityDescriptors";
import { RoleBadge } from "./RoleBadge";
import { VisibilityBadge } from "./VisibilityBadge";

const EXCERPT = 180;

function excerpt(text: string): string {
  return text.length <= EXCERPT ? text : `${text.slice(0, EXCERPT - 1).trimEnd()}…`;
}

/** One community in the list: its name (the link), visibility, members, my role, descriptors. */
export function CommunityCard({ community }: { community: Community }) {
  const { t } = useLanguage();
  const mine = community.membership;
  return (
    <Card className="card-bg h-100" border>
      <CardBody>
        <div className="d-flex flex-wrap gap-2 mb-2">
          <VisibilityBadge visibility={community.visibility} />
          {mine?.status === "active" && <RoleBadge role={mine.role} />}
        </div>
        <CardTitle tag="h2" className="h5">
          <Link to={communityPath(community.id)}>{community.name}</Link>
        </CardTitle>
        {community.description !== "" && <CardText>{excerpt(community.description)}</CardText>}
        <p className="small mb-2">
          {t("communities.memberCount", { n: community.member_count })}
        </p>
        <CommunityDescriptors codes={community.descriptors} />
      </CardBody>
    </Card>
  );
}
