import { Link } from 'react-router';
import { EmptyState } from '../components/empty-state.js';

export function NotFoundPage() {
  return (
    <section className="card">
      <EmptyState title="There is no page here">
        <p>
          The address may be mistyped, or what it showed was deleted. Go to the <Link to="/">dashboard</Link>.
        </p>
      </EmptyState>
    </section>
  );
}
