import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOut } from "~/server/auth.server";
import { assertCsrf } from "~/server/csrf.server";

export const loader = () => redirect("/");

export async function action({ request, context }: ActionFunctionArgs) {
  assertCsrf(request, await request.formData());
  const clear = await signOut(request, context);
  return redirect("/login?bye=1", { headers: { "Set-Cookie": clear } });
}
