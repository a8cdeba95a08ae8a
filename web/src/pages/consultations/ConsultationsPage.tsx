/** /consultations */
export function ConsultationsPage() {
  return <h1>ConsultationsPage</h1>;
}
