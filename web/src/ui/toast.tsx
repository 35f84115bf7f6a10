// Short notices after an action: "Role saved", or the server's error message.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { messageOf } from '../api/client';
import { Icon } from './icons';

type ToastKind = 'success' | 'error' | 'info';
interface Toast { readonly id: number; readonly kind: ToastKind; readonly text: string }

export interface Toaster {
  readonly success: (text: string) => void;
  readonly error: (error: unknown) => void;
  readonly info: (text: string) => void;
}

const ToastContext = createContext<Toaster | null>(null);

export function ToastProvider({ children }: { readonly children: ReactNode }) {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const next = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (kind: ToastKind, text: string) => {
      const id = next.current++;
      setToasts((list) => [...list.slice(-2), { id, kind, text }]);
      window.setTimeout(() => dismiss(id), kind === 'error' ? 8000 : 4000);
    },
    [dismiss],
  );
  const toaster = useMemo<Toaster>(
    () => ({ success: (t) => push('success', t), error: (e) => push('error', messageOf(e)), info: (t) => push('info', t) }),
    [push],
  );

  return (
    <ToastContext.Provider value={toaster}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
            <Icon name={t.kind === 'success' ? 'check' : t.kind === 'error' ? 'alert' : 'info'} size={16} className="toast-icon" />
            <span className="toast-text">{t.text}</span>
            <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              <Icon name="x" size={14} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Toaster {
  const toaster = useContext(ToastContext);
  if (!toaster) throw new Error('useToast outside ToastProvider');
  return toaster;
}
