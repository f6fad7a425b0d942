/** Inline SVG icons (no emoji: many systems have no colour-emoji font). Decorative: aria-hidden. */
const P = {
  width: 20,
  height: 20,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 2,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const;

export const BellIcon = ({ off }: { off?: boolean }) => (
  <svg {...P} aria-hidden="true">
    <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
    <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    {off ? <path d="M3 3l18 18" /> : null}
  </svg>
);
export const CloseIcon = () => (
  <svg {...P} aria-hidden="true">
    <path d="M18 6 6 18M6 6l12 12" />
  </svg>
);
export const ClipIcon = () => (
  <svg {...P} aria-hidden="true">
    <path d="m21.44 11.05-9.19 9.19a6 6 0 0 1-8.49-8.49l8.57-8.57A4 4 0 1 1 18 8.84l-8.59 8.57a2 2 0 0 1-2.83-2.83l8.49-8.48" />
  </svg>
);
export const ThumbIcon = ({ down }: { down?: boolean }) => (
  <svg
    {...P}
    aria-hidden="true"
    width={16}
    height={16}
    style={down ? { transform: 'rotate(180deg)' } : undefined}
  >
    <path d="M7 10v12" />
    <path d="M15 5.88 14 10h5.83a2 2 0 0 1 1.92 2.56l-2.33 8A2 2 0 0 1 17.5 22H4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h2.76a2 2 0 0 0 1.79-1.11L12 2a3.13 3.13 0 0 1 3 3.88Z" />
  </svg>
);
export const PersonIcon = () => (
  <svg {...P} aria-hidden="true" width={16} height={16}>
    <circle cx="12" cy="8" r="4" />
    <path d="M4 21a8 8 0 0 1 16 0" />
  </svg>
);
export const StarIcon = ({ on }: { on: boolean }) => (
  <svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true">
    <path
      d="m12 2 3.09 6.26L22 9.27l-5 4.87 1.18 6.88L12 17.77l-6.18 3.25L7 14.14 2 9.27l6.91-1.01L12 2z"
      fill={on ? 'currentColor' : 'none'}
      stroke="currentColor"
      stroke-width="1.5"
      stroke-linejoin="round"
    />
  </svg>
);
