import { DropdownMenu } from 'radix-ui';
import { Link, matchPath, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession, useSessionContext } from '../auth/session.js';
import { Logo } from './logo.js';

const NAV = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/projects', label: 'Projects', end: false },
  { to: '/flows', label: 'Flows', end: false },
  { to: '/flow-runs', label: 'Flow runs', end: false },
  { to: '/agents', label: 'Agents', end: false },
];

/** The signed-in frame: header with navigation and the account menu, then the page. */
export function AppShell() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <Logo />
          Headwater
        </Link>
        <NavMenu />
        <nav className="main-nav" aria-label="Main">
          {NAV.map((item) => (
            <NavLink key={item.to} to={item.to} end={item.end}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="account-area">
          <AccountMenu />
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

/** The navigation as a menu, for windows too narrow to show it (the stylesheet shows one or the other). */
function NavMenu() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = NAV.find((item) => matchPath({ path: item.to, end: item.end }, pathname));
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="nav-menu-button">Menu</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu-content" align="start" sideOffset={6}>
          {NAV.map((item) => (
            <DropdownMenu.Item
              key={item.to}
              className="menu-item"
              aria-current={item === current ? 'page' : undefined}
              onSelect={() => navigate(item.to)}
            >
              {item.label}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

function AccountMenu() {
  const { authInfo, api } = useSession();
  const { signOut } = useSessionContext();
  const navigate = useNavigate();
  const initial = authInfo.tenantName.trim().charAt(0).toUpperCase() || 'H';
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="account-button" aria-label={`Account menu (${authInfo.tenantName})`}>
        <span className="account-avatar" aria-hidden="true">
          {initial}
        </span>
        <span className="account-label">{authInfo.tenantName}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu-content" align="end" sideOffset={6}>
          <div className="menu-heading">
            <strong>{authInfo.tenantName}</strong>
            <span className="muted">
              Signed in with “{authInfo.tokenName}” ({authInfo.scope})
            </span>
          </div>
          <DropdownMenu.Item className="menu-item" onSelect={() => navigate('/settings/tokens')}>
            API tokens
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" onSelect={() => navigate('/settings/secrets')}>
            Secrets
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" onSelect={() => navigate('/settings/limits')}>
            Concurrency limits
          </DropdownMenu.Item>
          <DropdownMenu.Item className="menu-item" onSelect={() => navigate('/agents')}>
            Agents
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="menu-separator" />
          <DropdownMenu.Item className="menu-item" onSelect={() => signOut()}>
            Sign out
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="menu-separator" />
          <DropdownMenu.Label className="menu-item muted" style={{ cursor: 'default', fontSize: 12 }}>
            Server {api.version} · {api.database}
          </DropdownMenu.Label>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
