// Modal dialogs on the native <dialog> element (focus kept inside, Escape closes), and
// confirm(): a promise that resolves to the user's answer for destructive actions.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';

interface ModalProps {
  readonly open: boolean;
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly footer?: ReactNode;
  readonly onSubmit?: () => void;
  readonly wide?: boolean;
}

export function Modal({ open, title, onClose, children, footer, onSubmit, wide }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onSubmit?.();
  };

  return (
    <dialog
      ref={ref}
      className={wide ? 'modal modal-wide' : 'modal'}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <form onSubmit={submit} noValidate={false}>
          <header className="modal-header">
            <h2>{title}</h2>
          </header>
          <div className="modal-body">{children}</div>
          {footer ? <footer className="modal-footer">{footer}</footer> : null}
        </form>
      ) : null}
    </dialog>
  );
}

interface ConfirmRequest {
  readonly title: string;
  readonly body: ReactNode;
  readonly confirm: string;
  readonly danger?: boolean;
}

type Confirm = (request: ConfirmRequest) => Promise<boolean>;
const ConfirmContext = createContext<Confirm | null>(null);

export function ConfirmProvider({ children }: { readonly children: ReactNode }) {
  const [pending, setPending] = useState<(ConfirmRequest & { resolve: (ok: boolean) => void }) | null>(null);
  const confirm = useCallback<Confirm>((request) => new Promise((resolve) => setPending({ ...request, resolve })), []);
  const answer = (ok: boolean): void => {
    pending?.resolve(ok);
    setPending(null);
  };
  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <Modal
        open={pending !== null}
        title={pending?.title ?? ''}
        onClose={() => answer(false)}
        onSubmit={() => answer(true)}
        footer={
          <>
            <button type="button" className="btn btn-secondary" onClick={() => answer(false)}>
              Cancel
            </button>
            <button type="submit" className={pending?.danger ? 'btn btn-danger' : 'btn btn-primary'} autoFocus>
              {pending?.confirm}
            </button>
          </>
        }
      >
        <div className="confirm-body">{pending?.body}</div>
      </Modal>
    </ConfirmContext.Provider>
  );
}

export function useConfirm(): Confirm {
  const confirm = useContext(ConfirmContext);
  if (!confirm) throw new Error('useConfirm outside ConfirmProvider');
  return confirm;
}
