import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { FieldErrors } from "./forms";

export type EnterpriseFieldKey = "name" | "regionCode" | "industryCode" | "industryName" | "employees" | "revenue" | "totalAssets" | "actualControllerName" | "actualControllerSpouse" | "contactName" | "contactPhone";
// the schema's inputs are text (numbers and amounts are parsed on the server), so every field is a text field here
type EnterpriseFieldSet = Record<EnterpriseFieldKey, FieldMetadata<string | undefined>>;

export interface CountyGroup {
  code: string;
  name: string;
  counties: { code: string; name: string }[];
}

/**
 * The register's fields, shared by the officer's register and correction forms and the loan form's borrower fieldset.
 * The size class is not asked for: the server decides it by 工信部联企业〔2011〕300号 from the industry and the figures.
 */
export function EnterpriseFields({ fields, counties }: { fields: EnterpriseFieldSet; counties: CountyGroup[] }) {
  const text = (key: EnterpriseFieldKey, label: string, extra: Record<string, string> = {}) => (
    <label className="field">
      {label}
      <input {...getInputProps(fields[key], { type: "text" })} {...extra} />
      <FieldErrors errors={fields[key].errors} />
    </label>
  );
  return (
    <>
      {text("name", "企业名称（与营业执照一致）")}
      <label className="field">
        所在县（区、市）
        <select {...getSelectProps(fields.regionCode)}>
          <option value="">请选择</option>
          {counties.map((g) => (
            <optgroup key={g.code} label={g.name}>
              {g.counties.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}（{c.code}）
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <FieldErrors errors={fields.regionCode.errors} />
      </label>
      {text("industryCode", "国民经济行业代码（GB/T 4754，门类字母加 2–4 位数字，如 C1512；房地产业填到 4 位）", { autoComplete: "off" })}
      {text("industryName", "行业名称（如 白酒制造）")}
      {text("employees", "从业人员（人）", { inputMode: "numeric" })}
      {text("revenue", "上年营业收入（元）", { inputMode: "decimal", placeholder: "如 8,000,000.00" })}
      {text("totalAssets", "资产总额（元；建筑业、房地产开发经营、租赁和商务服务业必填）", { inputMode: "decimal" })}
      {text("actualControllerName", "实际控制人")}
      {text("actualControllerSpouse", "实际控制人配偶（如有）")}
      {text("contactName", "企业联系人")}
      {text("contactPhone", "企业联系电话", { inputMode: "tel" })}
      <p className="muted">企业规模不需填写：按《中小企业划型标准规定》（工信部联企业〔2011〕300号）由行业、从业人员、营业收入（及资产总额）自动划型，登记后在企业页面显示划型依据。</p>
    </>
  );
}
