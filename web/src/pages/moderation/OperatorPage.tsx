/** /operator */
export function OperatorPage() {
  return <h1>OperatorPage</h1>;
}
