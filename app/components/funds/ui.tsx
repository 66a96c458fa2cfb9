import { Form, useActionData } from "@remix-run/react";
import { CsrfInput, FormError, SubmitButton } from "~/components/forms";

/** What the last post of this page sent back: errors and the typed values, keyed by the form's intent. */
export function useLastSubmission() {
  const data = useActionData<{ result?: { initialValue?: Record<string, unknown> | null; error?: Record<string, string[] | null> | null } }>();
  const result = data && "result" in data ? data.result : undefined;
  const initial = (result?.initialValue ?? {}) as Record<string, unknown>;
  const errors = Object.values(result?.error ?? {})
    .flat()
    .filter((x): x is string => Boolean(x));
  return {
    intent: typeof initial.intent === "string" ? initial.intent : null,
    errors,
    /** the value typed for `name` if the last post was this form, else the fallback */
    value(intent: string, name: string, fallback = ""): string {
      if (intent && initial.intent !== intent) return fallback;
      const m = /^(\w+)\[(\d+)\]$/.exec(name);
      const v = m ? (initial[m[1]] as unknown[] | undefined)?.[Number(m[2])] : initial[name];
      return typeof v === "string" ? v : fallback;
    },
  };
}

/** A small form posting one intent; the errors of the last post of this intent show above its fields. */
export function IntentForm({ intent, label, children, errors, danger }: { intent: string; label: string; children?: React.ReactNode; errors?: string[] | null; danger?: boolean }) {
  return (
    <Form method="post" className="stack intent-form" style={{ border: "1px solid #ddd", padding: 8, margin: "8px 0", maxWidth: 720 }}>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <FormError errors={errors} />
      {children}
      <SubmitButton className={danger ? "danger" : undefined}>{label}</SubmitButton>
    </Form>
  );
}

/** The verdict's "why" text from the rule book. */
export function Why({ text, label = "为什么？（依据与计算）" }: { text: string; label?: string }) {
  return (
    <details className="why">
      <summary>{label}</summary>
      <pre style={{ whiteSpace: "pre-wrap", fontFamily: "inherit" }}>{text}</pre>
    </details>
  );
}

/** A soft-cap override is shown wherever the figure appears. */
export function OverrideNote({ by, reason }: { by: string | null; reason: string | null }) {
  if (!by || !reason) return null;
  return (
    <span className="override" title={`突破额度：${by}：${reason}`}>
      {" "}
      ⚠ 突破额度（{by}：{reason}）
    </span>
  );
}
