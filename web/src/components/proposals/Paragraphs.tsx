import { Fragment } from "react";

/** Multi-line text as the author wrote it: blank lines part paragraphs, single breaks stay. */
export function Paragraphs({ text }: { text: string }) {
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== "");
  return (
    <>
      {paragraphs.map((paragraph, i) => (
        <p key={i} className="text-break">
          {paragraph.split("\n").map((line, j) => (
            <Fragment key={j}>{j > 0 && <br />}{line}</Fragment>
          ))}
        </p>
      ))}
    </>
  );
}
