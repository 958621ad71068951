/** Labels as tags; "none" when there are none. */
export function LabelList({ labels, none = 'none' }: { labels: readonly string[]; none?: string }) {
  if (labels.length === 0) return <span className="muted">{none}</span>;
  return (
    <span className="row" style={{ display: 'inline-flex' }}>
      {labels.map((label) => (
        <span className="tag" key={label}>
          {label}
        </span>
      ))}
    </span>
  );
}
