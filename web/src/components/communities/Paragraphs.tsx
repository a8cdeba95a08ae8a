/** Text someone typed, its line breaks kept: a paragraph per block, a <br> per single break. */
export function Paragraphs({ text, className }: { text: string; className?: string }) {
  const blocks = text.split(/\n\s*\n/).map((block) => block.trim()).filter((block) => block !== "");
  return (
    <>
      {blocks.map((block, i) => (
        <p key={i} className={className}>
          {block.split("\n").map((line, j) => <span key={j}>{j > 0 && <br />}{line}</span>)}
        </p>
      ))}
    </>
  );
}
