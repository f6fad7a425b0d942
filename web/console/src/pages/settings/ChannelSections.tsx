/** Settings → Inboxes: the channel features' own sections for the chosen inbox (extensions.ts `inboxSettings`). */
import { type ComponentType, lazy, Suspense } from 'react';
import {
  type InboxSettingsProps,
  type InboxSettingsSection,
  inboxSettingsSections,
} from '../../extensions.ts';
import { useT } from '../../lib/i18n.ts';

const sectionComponents = new Map<string, ComponentType<InboxSettingsProps>>();
const sectionFor = (s: InboxSettingsSection) => {
  let C = sectionComponents.get(s.id);
  if (!C) {
    C = lazy(s.load);
    sectionComponents.set(s.id, C);
  }
  return C;
};

export function ChannelSections({ inbox }: InboxSettingsProps) {
  const t = useT();
  return (
    <>
      {inboxSettingsSections
        .filter((s) => s.channelTypes.includes(inbox.channelType))
        .map((s) => {
          const C = sectionFor(s);
          return (
            <Suspense key={s.id} fallback={<p className="muted">{t('cb.loading')}</p>}>
              <C inbox={inbox} />
            </Suspense>
          );
        })}
    </>
  );
}
