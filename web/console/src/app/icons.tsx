/**
 * The console's icons, from the lucide set (SVG components, bundled: no icon font, no download).
 * Icons are decoration: the control around one carries its accessible name (visible text or aria-label).
 */
import {
  ArrowLeft,
  Bell,
  File,
  Hand,
  type LucideIcon,
  Paperclip,
  Smile,
  TriangleAlert,
} from 'lucide-react';

const icons = {
  bell: Bell,
  clip: Paperclip,
  smile: Smile,
  back: ArrowLeft,
  alert: TriangleAlert,
  file: File,
  hand: Hand,
} satisfies Record<string, LucideIcon>;

export function Icon({ name }: { name: keyof typeof icons }) {
  const I = icons[name];
  return <I className="icon" aria-hidden="true" focusable="false" />;
}
