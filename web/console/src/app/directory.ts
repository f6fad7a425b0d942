/** Account directory (agents, teams, inboxes, labels) loaded once and refreshed on demand. */
import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../lib/api.ts';

export interface Agent {
  id: string;
  name: string;
  email: string;
  role: string;
  availability: string;
  disabled?: boolean;
}
export interface Team {
  id: string;
  name: string;
  memberIds: string[];
}
export interface Inbox {
  id: string;
  name: string;
  channelType: string;
}
export interface Label {
  id: string;
  name: string;
  color: string;
}
export interface Directory {
  agents: Agent[];
  teams: Team[];
  inboxes: Inbox[];
  labels: Label[];
  loaded: boolean;
}

let dir: Directory = { agents: [], teams: [], inboxes: [], labels: [], loaded: false };
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

export function refreshDirectory(): Promise<void> {
  loading = (async () => {
    const get = <T>(p: string) =>
      api<{ data: T[] }>('GET', p)
        .then((r) => r.data)
        .catch(() => [] as T[]);
    const [agents, teams, inboxes, labels] = await Promise.all([
      get<Agent>('/api/v1/users'),
      get<Team>('/api/v1/teams'),
      get<Inbox>('/api/v1/inboxes'),
      get<Label>('/api/v1/labels'),
    ]);
    dir = { agents, teams, inboxes, labels, loaded: true };
    listeners.forEach((l) => l());
  })();
  return loading;
}

export function useDirectory(): Directory {
  useEffect(() => {
    if (!loading) void refreshDirectory();
  }, []);
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => {
        listeners.delete(fn);
      };
    },
    () => dir,
  );
}
export const getDirectory = () => dir;
export const agentName = (id: string | null | undefined) =>
  id ? (dir.agents.find((a) => a.id === id)?.name ?? null) : null;
export const teamName = (id: string | null | undefined) =>
  id ? (dir.teams.find((a) => a.id === id)?.name ?? null) : null;
