/**
 * The preview's own history stack. The iframe's session history is not
 * readable from the host (cross-origin), so the root keeps one: user
 * navigations push, back/forward move the index, and bridge reports of
 * in-app navigations push, replace or move without reloading the frame.
 */
export interface PreviewHistory {
  entries: string[];
  index: number;
}

/** Entries kept before the oldest are dropped. */
export const MAX_HISTORY = 100;

export const emptyHistory: PreviewHistory = { entries: [], index: -1 };

export type HistoryAction =
  | { type: 'push'; url: string }
  | { type: 'replace'; url: string }
  | { type: 'go'; delta: number }
  /** A navigation seen inside the frame: move to a neighbour if it matches one, else push. */
  | { type: 'observe'; url: string; replace?: boolean }
  | { type: 'map'; fn: (url: string) => string };

export function historyReducer(state: PreviewHistory, action: HistoryAction): PreviewHistory {
  switch (action.type) {
    case 'push': {
      if (state.entries[state.index] === action.url) return state;
      const entries = [...state.entries.slice(0, state.index + 1), action.url];
      const overflow = Math.max(0, entries.length - MAX_HISTORY);
      return { entries: entries.slice(overflow), index: entries.length - 1 - overflow };
    }
    case 'replace': {
      if (state.index < 0) return { entries: [action.url], index: 0 };
      if (state.entries[state.index] === action.url) return state;
      const entries = [...state.entries];
      entries[state.index] = action.url;
      return { entries, index: state.index };
    }
    case 'go': {
      const index = state.index + action.delta;
      if (index < 0 || index >= state.entries.length) return state;
      return { entries: state.entries, index };
    }
    case 'observe': {
      // The page shown again: `push` and `replace` both leave the state as it is.
      const { url } = action;
      if (action.replace) return historyReducer(state, { type: 'replace', url });
      if (state.entries[state.index - 1] === url) return { entries: state.entries, index: state.index - 1 };
      if (state.entries[state.index + 1] === url) return { entries: state.entries, index: state.index + 1 };
      return historyReducer(state, { type: 'push', url });
    }
    case 'map':
      return { entries: state.entries.map(action.fn), index: state.index };
  }
}
