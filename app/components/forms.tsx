import { useNavigation, useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";

/** The CSRF token of the page (app/server/csrf.server.ts); every state-changing form includes it. */
export function CsrfInput() {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  return <input type="hidden" name="csrf" value={data?.csrf ?? ""} />;
}

/** A submit button that disables itself while its form is being sent (no double submission). */
export function SubmitButton({ children, intent, className }: { children: React.ReactNode; intent?: string; className?: string }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && (intent === undefined || navigation.formData?.get("intent") === intent);
  return (
    <button type="submit" name={intent ? "intent" : undefined} value={intent} disabled={busy} className={className}>
      {busy ? "提交中…" : children}
    </button>
  );
}

export function FieldErrors({ errors }: { errors?: string[] | null }) {
  if (!errors || errors.length === 0) return null;
  return <span className="error">{errors.join("；")}</span>;
}

export function FormError({ errors }: { errors?: string[] | null }) {
  if (!errors || errors.length === 0) return null;
  return (
    <div className="form-error" role="alert">
      {errors.join("；")}
    </div>
  );
}
