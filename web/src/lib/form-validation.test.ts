import { activityWriteSchema, companyWriteSchema, leadWriteSchema, userWriteSchema } from "@planerka/common";
import { beforeAll, describe, expect, it } from "vitest";
import { i18n } from "../i18n";
import { formErrors } from "./form-validation";

beforeAll(async () => {
  await i18n.changeLanguage("ru");
});

const t = i18n.t.bind(i18n);
const company = (patch: Record<string, unknown>) => ({
  name: "ТОО «Сварка»",
  bin: null,
  phones: [],
  emails: [],
  address: null,
  city: null,
  industry: null,
  ...patch,
});

describe("a form's input checked with the common write schema", () => {
  it("finds nothing wrong with what the server accepts", () => {
    const valid = company({
      bin: "940140000385",
      phones: ["+7 701 555 12 34", "8 727 250 00 00"],
      emails: ["Zakup@Svarka.kz"],
      city: "Алматы",
    });
    expect(formErrors(companyWriteSchema, valid, t)).toEqual({});
  });

  it("asks to fill in a required name, empty or of blanks only", () => {
    expect(formErrors(companyWriteSchema, company({ name: "" }), t)).toEqual({ name: "Заполните поле" });
    expect(formErrors(companyWriteSchema, company({ name: "   " }), t)).toEqual({ name: "Заполните поле" });
    expect(formErrors(userWriteSchema.pick({ unitId: true }), { unitId: null }, t)).toEqual({
      unitId: "Заполните поле",
    });
  });

  it("names the limit of a text that is too long", () => {
    expect(formErrors(companyWriteSchema, company({ address: "д".repeat(501) }), t)).toEqual({
      address: "Не длиннее 500 символов",
    });
  });

  it("quotes the first bad e-mail of a list, as typed", () => {
    const input = company({ emails: ["ok@svarka.kz", "zakup@", "also bad"] });
    expect(formErrors(companyWriteSchema, input, t)).toEqual({ emails: "«zakup@» — не адрес e-mail" });
    const typed = { emails: ["OK@svarka.kz", "Zakup@", "also bad"] };
    expect(formErrors(companyWriteSchema, input, t, { typed })).toEqual({ emails: "«Zakup@» — не адрес e-mail" });
  });

  it("tells a BIN/IIN without a valid check digit, and a phone that is none", () => {
    expect(formErrors(companyWriteSchema, company({ bin: "940140000386" }), t)).toEqual({
      bin: "БИН/ИИН — 12 цифр с верной контрольной цифрой",
    });
    expect(formErrors(companyWriteSchema, company({ phones: ["+7 701 555 12 34", "12-34"] }), t)).toEqual({
      phones: "«12-34» — не номер телефона",
    });
    expect(formErrors(leadWriteSchema, { title: "Заявка", phone: "555" }, t)).toEqual({
      phone: "«555» — не номер телефона",
    });
  });

  it("gives each field its first problem only, and every refused field one", () => {
    const errors = formErrors(companyWriteSchema, company({ name: "", bin: "1", emails: ["a", "b"] }), t);
    expect(errors).toEqual({
      name: "Заполните поле",
      bin: "БИН/ИИН — 12 цифр с верной контрольной цифрой",
      emails: "«a» — не адрес e-mail",
    });
  });

  it("lets a form word a field's problems itself, and show an input field at another form field", () => {
    const input = {
      typeId: "6f1c2b8e-4d3a-4f5b-9c7d-1e2f3a4b5c6d",
      subject: "Звонок",
      dueAt: "вчера",
      durationMinutes: 1.5,
    };
    const errors = formErrors(activityWriteSchema, input, t, {
      texts: { durationMinutes: () => t("activities.form.invalidDuration") },
      fields: { dueAt: "dueDate" },
    });
    expect(errors).toEqual({ dueDate: "Неверное значение", durationMinutes: "От 0 до 1440 минут" });
  });

  it("leaves an issue to the common texts when the form's own wording returns nothing", () => {
    const texts = { password: ({ code }: { code: string }) => (code === "too_small" ? "short" : undefined) };
    const check = userWriteSchema.pick({ password: true });
    expect(formErrors(check, { password: "" }, t, { texts })).toEqual({ password: "Заполните поле" });
    expect(formErrors(check, { password: "1234" }, t, { texts })).toEqual({ password: "short" });
    expect(formErrors(check, { password: "x".repeat(201) }, t, { texts })).toEqual({
      password: "Не длиннее 200 символов",
    });
  });

  it("says how many values a list may hold", () => {
    const emails = Array.from({ length: 21 }, (_, index) => `sales${index}@svarka.kz`);
    expect(formErrors(companyWriteSchema, company({ emails }), t)).toEqual({ emails: "Не больше 20 значений" });
  });

  it("ignores a problem of the body as a whole: a key the schema does not know is the code's mistake", () => {
    expect(formErrors(companyWriteSchema, company({ colour: "red" }), t)).toEqual({});
  });
});
