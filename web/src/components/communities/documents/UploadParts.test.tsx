// @vitest-environment jsdom
/** Where uploads go, the progress bar's figures, and the words for a refused upload. */
import { act, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it, vi } from "vitest";
import { LanguageProvider } from "../../../i18n/language";
import { type DocumentItem, uploadPath } from "./api";
import { UploadProblem } from "./UploadProblem";
import { UploadProgress } from "./UploadProgress";

vi.mock("../../../auth/me", () => ({ loadMe: () => Promise.resolve(null), saveLanguage: () => Promise.resolve(true) }));

const MIB = 1024 * 1024;
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

async function html(node: ReactNode): Promise<string> {
  const container = document.createElement("div");
  const root = createRoot(container);
  await act(async () => {
    root.render(<LanguageProvider>{node}</LanguageProvider>);
    await Promise.resolve();
  });
  const markup = container.innerHTML;
  act(() => { root.unmount(); });
  return markup;
}

describe("uploads", () => {
  it("go to the folder, with the title, or to the document's versions", () => {
    expect(uploadPath({ kind: "new", communityId: "c1", folderId: null })).toBe("/communities/c1/documents");
    expect(uploadPath({ kind: "new", communityId: "c1", folderId: "f 1", title: "Bando & co" }))
      .toBe("/communities/c1/documents?folder_id=f+1&title=Bando+%26+co");
    const document = { id: "d1", community_id: "c1" } as DocumentItem;
    expect(uploadPath({ kind: "version", document })).toBe("/communities/c1/documents/d1/versions");
  });

  it("show their progress as a bar with its percentage", async () => {
    const bar = await html(<UploadProgress sent={25} total={100} filename="a.pdf" />);
    expect(bar).toContain('role="progressbar"');
    expect(bar).toContain('aria-valuenow="25"');
    expect(bar).toContain("width: 25%");
    expect(bar).toContain("a.pdf: 25%");
  });

  it("say why a file was refused: too large (with the limit) or of a type not accepted", async () => {
    const tooLarge = await html(<UploadProblem problem={{ status: 413 }} maxBytes={25 * MIB} />);
    expect(tooLarge).toContain("25 MB");
    const wrongType = await html(<UploadProblem problem={{ status: 415 }} maxBytes={25 * MIB} />);
    expect(wrongType).toContain("PDF");
    expect(wrongType).not.toEqual(tooLarge);
  });
});
