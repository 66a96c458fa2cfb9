import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { FieldErrors } from "./forms";
import { ORG_KIND_LABELS, ORG_KINDS } from "~/lib/roles";

type OrgFieldSet = {
  name: FieldMetadata<string>;
  shortName: FieldMetadata<string | undefined>;
  kind: FieldMetadata<string>;
  regionCode: FieldMetadata<string>;
};

/** The organisation fields shared by the create and edit forms. */
export function OrgFields({ fields, regions }: { fields: OrgFieldSet; regions: { code: string; name: string; level: string }[] }) {
  return (
    <>
      <label className="field">
        机构全称
        <input {...getInputProps(fields.name, { type: "text" })} />
        <FieldErrors errors={fields.name.errors} />
      </label>
      <label className="field">
        简称
        <input {...getInputProps(fields.shortName, { type: "text" })} />
        <FieldErrors errors={fields.shortName.errors} />
      </label>
      <label className="field">
        机构类型
        <select {...getSelectProps(fields.kind)}>
          <option value="">请选择</option>
          {ORG_KINDS.map((k) => (
            <option key={k} value={k}>{ORG_KIND_LABELS[k]}</option>
          ))}
        </select>
        <FieldErrors errors={fields.kind.errors} />
      </label>
      <label className="field">
        所在地区（GB/T 2260）
        <select {...getSelectProps(fields.regionCode)}>
          <option value="">请选择</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.level === "county" ? "　　" : r.level === "prefecture" ? "　" : ""}
              {r.name}（{r.code}）
            </option>
          ))}
        </select>
        <FieldErrors errors={fields.regionCode.errors} />
      </label>
    </>
  );
}
