import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { FieldErrors } from "./forms";
import { ORG_KIND_LABELS, ROLE_LABELS, ROLES, type OrgKind } from "~/lib/roles";

type UserFieldSet = {
  displayName: FieldMetadata<string>;
  organisationId: FieldMetadata<unknown>;
  role: FieldMetadata<string>;
};

/** Name, organisation and role — shared by the create and edit forms. */
export function UserFields({ fields, organisations, placeholder }: { fields: UserFieldSet; organisations: { id: number; name: string; kind: string }[]; placeholder?: boolean }) {
  return (
    <>
      <label className="field">
        姓名
        <input {...getInputProps(fields.displayName, { type: "text" })} />
        <FieldErrors errors={fields.displayName.errors} />
      </label>
      <label className="field">
        所属机构
        <select {...getSelectProps(fields.organisationId)}>
          {placeholder ? <option value="">请选择</option> : null}
          {organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}（{ORG_KIND_LABELS[o.kind as OrgKind]}）
            </option>
          ))}
        </select>
        <FieldErrors errors={fields.organisationId.errors} />
      </label>
      <label className="field">
        角色
        <select {...getSelectProps(fields.role)}>
          {placeholder ? <option value="">请选择</option> : null}
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        <FieldErrors errors={fields.role.errors} />
      </label>
    </>
  );
}
