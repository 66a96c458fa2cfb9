/** Password policy (Chinese messages are shown on the form). */
export function passwordProblems(password: string): string | null {
  if (password.length < 10) return "密码至少需要 10 个字符";
  if (password.length > 128) return "密码不能超过 128 个字符";
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return "密码须同时包含字母和数字";
  return null;
}
