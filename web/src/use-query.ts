// Loads data for a screen: loading, error, data, and reload() after an action.
import { useCallback, useEffect, useRef, useState } from 'react';

export type QueryState<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'ready'; readonly data: T };

export interface Query<T> {
  readonly state: QueryState<T>;
  /** The last data loaded, kept while a reload runs. */
  readonly data: T | undefined;
  readonly refreshing: boolean;
  readonly reload: () => void;
  readonly set: (data: T) => void;
}

export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[]): Query<T> {
  const [state, setState] = useState<QueryState<T>>({ kind: 'loading' });
  const [data, setData] = useState<T | undefined>(undefined);
  const [refreshing, setRefreshing] = useState(false);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let live = true;
    setRefreshing(true);
    loadRef.current().then(
      (value) => {
        if (!live) return;
        setData(value);
        setState({ kind: 'ready', data: value });
        setRefreshing(false);
      },
      (error: unknown) => {
        if (!live) return;
        setState({ kind: 'error', error });
        setRefreshing(false);
      },
    );
    return () => {
      live = false;
    };
    // The caller names what the load depends on.
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const set = useCallback((value: T) => {
    setData(value);
    setState({ kind: 'ready', data: value });
  }, []);
  return { state, data, refreshing, reload, set };
}
