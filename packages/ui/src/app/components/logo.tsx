/** Headwater's mark: two streams. Decorative; the name is always written beside it. */
export function Logo() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#1f6aa8" />
      <path d="M6 20c4-6 8 2 12-4s6-6 8-4" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      <path
        d="M6 25c4-4 8 1 12-2s6-4 8-3"
        fill="none"
        stroke="#9cd1ff"
        strokeWidth="2"
        strokeLinecap="round"
      />
    </svg>
  );
}
